"""扫描计票 of a ballot longer than one page, sheets set aside, and the same paper
photographed twice (issue 13), through HTTP."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import cv2
from fastapi.testclient import TestClient
from meetingkit import Meeting, ok
from sqlalchemy import update
from test_api_audit import tamper, verify
from test_api_sheets import batch, confirm_as_meant, counting_meeting, geometry_of, read_all, upload

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scan"))
from batchkit import Drawn, ballot_page, ballot_pages, meant, scanned_batch
from sheetkit import degrade, hand_mark

from app.reading.models import ScanSheet
from app.reading.papers import papers
from app.settings import Settings
from ballots.geometry import BallotGeometry

SURNAMES = "丁马王文方叶田冯白包司刘陈杨赵黄周吴徐孙朱胡郭何高林罗梁宋郑"


def long_meeting(client: TestClient) -> tuple[Meeting, dict[str, Any], BallotGeometry]:
    """60 candidates for 45 seats (and 45 另选他人 columns): two A4 pages."""
    m = Meeting.create(client, body="party_plenary",
                       posts=[{"id": "member", "name": "委员", "seats": 45}])
    for name in (s + g for g in "国华" for s in SURNAMES):
        m.candidate(name)
    m.roll(12)
    rnd = m.open_counting(m.first_round(), issued=10)
    geometry = geometry_of(m, rnd)
    assert len(geometry.pages) == 2
    return m, rnd, geometry


def on_page(geometry: BallotGeometry, number: int, index: int) -> tuple[str, int]:
    """A column of page `number`: page 1 holds the 60 candidates, page 2 另选他人 columns."""
    cells = geometry.pages[number - 1].cells
    return cells[index].post_id, cells[index].column


def test_a_two_page_ballot_is_confirmed_as_one_entry(client: TestClient, settings: Settings,
                                                     tmp_path: Path) -> None:
    m, rnd, geometry = long_meeting(client)
    rid = rnd["id"]
    pdf = m.call("GET", f"/rounds/{rid}/ballot.pdf").content
    blanks = ballot_pages(pdf, geometry, 150, tmp_path)
    first: Drawn = {on_page(geometry, 1, 0): "circle", on_page(geometry, 2, 3): "cross"}
    second: Drawn = {on_page(geometry, 1, 2): "filled", on_page(geometry, 2, 1): "cross"}
    # A whole ballot, a page 2 alone, a page 1 alone, a whole ballot.
    drawn = [first, first, {on_page(geometry, 2, 5): "cross"},
             {on_page(geometry, 1, 5): "circle"}, second, second]
    data = scanned_batch(blanks, geometry, 150, drawn, pages=[1, 2, 2, 1, 1, 2])
    read = read_all(m, rid, ok(upload(m, rid, data), 201)["sheets"])
    assert read[0]["paper"]["code"] == "pages_waiting"  # when read, page 2 was not yet
    sheets = ok(m.call("GET", f"/rounds/{rid}/sheets", "teller"))
    assert [s["page"] for s in sheets] == [1, 2, 2, 1, 1, 2]
    assert [s["paper"]["code"] for s in sheets] == [
        None, None, "pages_out_of_order", "pages_incomplete", None, None]
    assert sheets[0]["paper"]["numbers"] == [1, 2]
    assert sheets[3]["paper"]["zh"] == (
        "这张选票只有第1页，缺少其余页面（共2页），不能作为一张选票确认，请按纸质选票手工录入")
    broken = sheets[2:4]
    sheets = sheets[:2] + sheets[4:]

    # The whole ballot is seen at once: both pages, every cell.
    seen = ok(m.call("GET", f"/rounds/{rid}/sheets/{sheets[2]['id']}", "teller"))
    assert [p["page"] for p in seen["pages"]] == [1, 2]
    assert len(seen["cells"]) == sum(len(p.cells) for p in geometry.pages)
    # The 另选他人 column marked on page 2 must be looked at before the paper is stored.
    body = {"marks": meant(geometry, second)["marks"], "checked": []}
    refused = m.call("POST", f"/rounds/{rid}/sheets/{sheets[2]['id']}/confirm", "teller",
                     json=body)
    assert ok(refused, 422)["code"] == "unchecked_cells"
    assert ok(refused, 422)["detail"] == [{"post": "member", "column": on_page(geometry, 2, 1)[1]}]

    column = on_page(geometry, 2, 3)[1]
    typed = [{"post": "member", "column": column, "name": "赵六", "mark": "yes"}]
    done = ok(confirm_as_meant(m, rid, sheets[0]["id"], meant(geometry, first),
                               write_ins=typed), 201)
    assert done["entry"]["entry_id"] == f"scan-{sheets[0]['id']}"
    review = ok(m.call("GET", f"/rounds/{rid}/write-ins", "scrutineer"))
    assert [(w["sheet"], w["name"], w["column"]) for w in review] == [(2, "赵六", column)]
    # A paper confirmed from its second page is the same paper.
    done = ok(confirm_as_meant(m, rid, sheets[3]["id"], meant(geometry, second)), 201)
    assert done["entry"]["entry_id"] == f"scan-{sheets[2]['id']}"
    again = confirm_as_meant(m, rid, sheets[2]["id"], meant(geometry, second))
    assert ok(again, 409)["code"] == "sheet_confirmed"
    for sheet, code in zip(broken, ("pages_out_of_order", "pages_incomplete"), strict=True):
        refused = m.call("POST", f"/rounds/{rid}/sheets/{sheet['id']}/confirm", "teller",
                         json={"marks": {}, "checked": []})
        assert ok(refused, 409)["code"] == code
        assert "手工录入" in ok(refused, 409)["message"]

    listed = ok(m.call("GET", f"/rounds/{rid}/sheets", "teller"))
    assert [s["state"] for s in listed] == ["confirmed"] * 2 + ["read"] * 2 + ["confirmed"] * 2
    entries = ok(m.call("GET", f"/rounds/{rid}/entries", "teller"))
    assert [e["ballot"] for e in entries] == [
        {**meant(geometry, first), "write_ins": {"member": [{"name": "赵六", "mark": "yes"}]}},
        meant(geometry, second)]

    # The broken ones are set aside, and the batch is done.
    for sheet in broken:
        aside = ok(m.call("POST", f"/rounds/{rid}/sheets/{sheet['id']}/set-aside", "teller",
                          json={"reason": "by_hand"}))
        assert [(s["state"], s["set_aside"]) for s in aside] == [("set_aside", "by_hand")]
    events = ok(m.call("GET", "/audit"))
    events = events["events"] if isinstance(events, dict) else events
    confirms = [e["data"] for e in events if e["action"] == "sheet.confirm"]
    assert [c["sheets"] for c in confirms] == [[s["id"] for s in sheets[0:2]],
                                               [s["id"] for s in sheets[2:4]]]
    assert sum(e["action"] == "sheet.set_aside" for e in events) == 2
    assert verify(settings, m.eid) == 0
    tamper(client, update(ScanSheet).where(ScanSheet.id == sheets[1]["id"])
           .values(state="read", entry_id=None))
    assert verify(settings, m.eid) == 1


def test_a_ballot_photographed_page_by_page(client: TestClient, tmp_path: Path) -> None:
    m, rnd, geometry = long_meeting(client)
    rid = rnd["id"]
    blanks = ballot_pages(m.call("GET", f"/rounds/{rid}/ballot.pdf").content, geometry, 150,
                          tmp_path)
    drawn: Drawn = {on_page(geometry, 1, 1): "circle", on_page(geometry, 1, 7): "cross"}
    one = scanned_batch(blanks, geometry, 150, [drawn], pages=[1])
    sheet = read_all(m, rid, ok(upload(m, rid, one, "p1.pdf"), 201)["sheets"])[0]
    assert sheet["paper"]["code"] == "pages_waiting"
    early = confirm_as_meant(m, rid, sheet["id"], meant(geometry, drawn))
    assert ok(early, 409)["code"] == "pages_waiting"
    two = scanned_batch(blanks, geometry, 150, [drawn], pages=[2], seed=3)
    read_all(m, rid, ok(upload(m, rid, two, "p2.pdf"), 201)["sheets"])
    done = ok(confirm_as_meant(m, rid, sheet["id"], meant(geometry, drawn)), 201)
    assert done["entry"]["valid"]


def test_a_refused_sheet_is_set_aside(client: TestClient, settings: Settings,
                                      tmp_path: Path) -> None:
    m, rnd = counting_meeting(client)
    rid = rnd["id"]
    other, other_rnd = counting_meeting(client)
    data, _ = batch(other, other_rnd, [{("member", 1): "circle"}], tmp_path)
    kept = ok(upload(m, rid, data), 201)["sheets"][0]
    path = f"/rounds/{rid}/sheets/{kept['id']}/set-aside"
    assert ok(m.call("POST", path, "teller", json={}), 409)["code"] == "sheet_unread"
    assert read_all(m, rid, [kept])[0]["state"] == "refused"
    assert ok(m.call("POST", path, "observer", json={}), 403)["code"] == "wrong_role"
    wrong = m.call("POST", path, "teller", json={"reason": "duplicate"})
    assert ok(wrong, 422)["code"] == "not_a_duplicate"
    assert ok(m.call("POST", path, "teller", json={"reason": "lost"}), 422)
    aside = ok(m.call("POST", path, "teller", json={}))[0]
    assert (aside["state"], aside["set_aside"]) == ("set_aside", "by_hand")
    assert ok(m.call("POST", path, "teller", json={}))[0]["state"] == "set_aside"  # again
    confirm = m.call("POST", f"/rounds/{rid}/sheets/{kept['id']}/confirm", "teller",
                     json={"marks": {}, "checked": []})
    assert ok(confirm, 409)["code"] == "sheet_set_aside"
    events = ok(m.call("GET", "/audit"))
    events = events["events"] if isinstance(events, dict) else events
    assert [e["data"]["sheets"] for e in events if e["action"] == "sheet.set_aside"] == [
        [kept["id"]]]
    assert verify(settings, m.eid) == 0
    tamper(client, update(ScanSheet).where(ScanSheet.id == kept["id"]).values(state="refused"))
    assert verify(settings, m.eid) == 1


def test_the_same_paper_photographed_twice_is_flagged(client: TestClient,
                                                      tmp_path: Path) -> None:
    import numpy as np

    m, rnd = counting_meeting(client)
    rid = rnd["id"]
    geometry = geometry_of(m, rnd)
    blank = ballot_page(m.call("GET", f"/rounds/{rid}/ballot.pdf").content, geometry, 200,
                        tmp_path)
    page = geometry.pages[0]
    votes = {("member", 1): "circle", ("member", 3): "cross"}

    def paper(seed: int) -> np.ndarray:  # the same votes, each paper by its own hand
        rng = np.random.default_rng(seed)
        out = blank.copy()
        cells = {(c.post_id, c.column): c for c in page.cells}
        for place, kind in votes.items():
            x, y = cells[place].mark.centre()
            hand_mark(out, rng, kind, x * 200 / 72, (page.height - y) * 200 / 72, 200 / 25.4)
        return out

    def photo(image: np.ndarray, seed: int, angle: float) -> bytes:
        shot = degrade(image, angle=angle, warp=0.03, noise=4.0, seed=seed, shadow=0.7,
                       blur=0.6)
        return bytes(cv2.imencode(".jpg", shot, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes())

    first, other = paper(1), paper(2)
    shots = [photo(first, 1, -4.0), photo(other, 2, 3.0), photo(first, 3, 6.0)]
    kept = [ok(upload(m, rid, shot, f"p{i}.jpg", media="image/jpeg"), 201)["sheets"][0]
            for i, shot in enumerate(shots)]
    read = read_all(m, rid, kept)
    assert [s["duplicate_of"] for s in read] == [None, None, 1]
    flag = read[2]["flags"][-1]
    assert flag["code"] == "possible_duplicate" and "第1张" in flag["zh"]
    ballot = meant(geometry, votes)
    refused = confirm_as_meant(m, rid, kept[2]["id"], ballot)
    assert ok(refused, 409)["code"] == "possible_duplicate"
    assert ok(refused, 409)["detail"] == {"sheet": 1}
    assert ok(confirm_as_meant(m, rid, kept[0]["id"], ballot), 201)
    assert ok(confirm_as_meant(m, rid, kept[1]["id"], ballot), 201)  # another paper alike
    done = confirm_as_meant(m, rid, kept[2]["id"], ballot, another_paper=True)
    assert ok(done, 201)["entry"]["valid"]
    events = ok(m.call("GET", "/audit"))
    events = events["events"] if isinstance(events, dict) else events
    confirms = [e["data"] for e in events if e["action"] == "sheet.confirm"]
    assert [c.get("another_paper") for c in confirms] == [None, None, True]


def test_a_second_photo_is_set_aside_as_a_duplicate(client: TestClient,
                                                    tmp_path: Path) -> None:
    m, rnd = counting_meeting(client)
    rid = rnd["id"]
    drawn: list[Drawn] = [{("member", 2): "circle", ("member", 4): "cross"}] * 2
    data, _ = batch(m, rnd, drawn, tmp_path)  # the same drawing: the same paper
    sheets = read_all(m, rid, ok(upload(m, rid, data), 201)["sheets"])
    assert [s["duplicate_of"] for s in sheets] == [None, 1]
    aside = ok(m.call("POST", f"/rounds/{rid}/sheets/{sheets[1]['id']}/set-aside", "teller",
                      json={"reason": "duplicate"}))
    assert [(s["state"], s["set_aside"]) for s in aside] == [("set_aside", "duplicate")]


def test_papers_are_cut_before_each_first_page() -> None:
    rows = [(1, "read", 1), (2, "read", 2), (3, "read", 3),  # whole
            (4, "read", 1), (5, "read", 2), (6, "read", 2),  # page 2 twice
            (7, "read", 1), (8, "refused", None),  # incomplete
            (9, "read", 2), (10, "read", 3),  # no page 1
            (11, "read", 1), (12, "unread", None)]  # its next page not read yet
    found = papers(rows, 3)
    assert [(found[s].sheets, found[s].code) for s in (1, 4, 7, 9, 11)] == [
        ((1, 2, 3), None), ((4, 5, 6), "page_twice"), ((7,), "pages_incomplete"),
        ((9, 10), "pages_out_of_order"), ((11,), "pages_waiting")]
    assert 8 not in found and 12 not in found
    one = papers([(1, "read", 1), (2, "read", 1)], 1)
    assert [(p.sheets, p.code) for p in one.values()] == [((1,), None), ((2,), None)]
