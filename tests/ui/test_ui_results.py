"""A result on the pages reads as on the printed 报告单: cascade votes and where they came from,
write-ins that counted for nobody, notes on the next round's list, a tie-break loser, and 户 in
households mode. The results are hand-made (RECORD.md "Result", with the counting core's newer
fields), served to the organiser page in place of the API's answer."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from uikit import TABLET, make_meeting, make_village

from app.ui.routes import templates
from ballots.documents.result_view import (
    has_carried,
    next_round_note,
    nobody_text,
    rule_text,
    status_text,
    votes_text,
)

POSTS = [("chair", "主任"), ("vice_chair", "副主任"), ("member", "委员")]

ROWS: list[dict[str, Any]] = [
    {"id": "c1", "name": "王建国", "yes": 12, "no": 0, "abstain": 13, "votes": 18,
     "carried": {"chair": 6}, "status": "elected"},
    {"id": "c2", "name": "李明", "yes": 0, "votes": 10, "carried": {"chair": 10},
     "status": "not_elected"},
    {"id": "c3", "name": "刘芳", "yes": 3, "no": 1, "abstain": 21, "votes": 14,
     "carried": {"chair": 2, "vice_chair": 9}, "status": "qualified"},
    {"id": "c4", "name": "张伟", "yes": 3, "carried": {"vice_chair": 0, "other": 4},
     "status": "tie"},
    {"name": "赵六", "write_in": True, "yes": 2, "status": "not_elected"},
    {"id": "c5", "name": "陈静", "yes": 9, "no": 1, "abstain": 15, "status": "not_elected"},
]
NOBODY: list[dict[str, Any]] = [
    {"name": "赵六", "count": 2, "reason": "not_committee_member",
     "text": "赵六不是新当选的委员，另选无效"},
    {"name": "钱七", "count": 1, "reason": "something_new", "text": "钱七另选无效"},
    {"text": "一张选票另选无效"},
]
SPECS: list[dict[str, Any]] = [
    {"seats": 1, "candidates": ["c3"], "note": "刘芳为得票最多的女性，依规定列入"},
    {"seats": 1, "candidates": [], "needs_nomination": True},
    {"seats": 1, "candidates": ["c3", "c5"]},
]


@pytest.mark.browser
def test_results_js_says_what_the_report_says(server: str, browser: Any) -> None:
    meeting = make_meeting(server)
    page = browser.new_page(viewport=TABLET)
    page.goto(meeting.page("organiser", "organiser"))
    page.wait_for_function("window.JipiaoResults !== undefined")
    js = page.evaluate(
        """([rows, posts, nobody, specs]) => {
          const R = window.JipiaoResults;
          return {
            votes: rows.map(r => R.votesText(r, posts)),
            status: rows.map(r => [R.statusText(r, "regular"), R.statusText(r, "tie_break")]),
            carried: [R.hasCarried(rows), R.hasCarried(rows.slice(4))],
            nobody: [R.nobodyText({write_ins_for_nobody: nobody}), R.nobodyText({})],
            notes: specs.map(s => R.nextRoundNote(s)),
            rules: [[{threshold: 0}, "tie_break"], [{threshold: 0}, "regular"],
                    [{threshold: 7}, "tie_break"], [{threshold: 13}, "regular"]]
              .map(([p, k]) => R.ruleText(p, k)),
          };
        }""", [ROWS, [list(p) for p in POSTS], NOBODY, SPECS])
    names = dict(POSTS)
    assert js == {
        "votes": [votes_text(r, names) for r in ROWS],
        "status": [[status_text(r, "regular"), status_text(r, "tie_break")] for r in ROWS],
        "carried": [has_carried(ROWS), has_carried(ROWS[4:])],
        "nobody": [nobody_text({"write_ins_for_nobody": NOBODY}), nobody_text({})],
        "notes": [next_round_note(s) for s in SPECS],
        "rules": [rule_text({"threshold": t}, k) for t, k in
                  ((0, "tie_break"), (0, "regular"), (7, "tie_break"), (13, "regular"))],
    }
    # RULES.md §6.3: a tie-break read aloud says 得票多者当选, not "≥ 0 票"
    assert js["rules"] == ["得票多者当选", "当选需 ≥ 0 票", "当选需 ≥ 7 票", "当选需 ≥ 13 票"]
    assert js["votes"][:4] == ["18（含主任票6票）", "10（含主任票10票）",
                               "14（含主任票2票、副主任票9票）", "7（含other票4票）"]
    assert js["status"][2] == ["达到当选票数，名额已满", "未当选"]
    assert js["nobody"][0] == ("另选无效：赵六2票（不是新当选的委员）；钱七1票（钱七另选无效）；"
                               "一张选票另选无效")
    page.close()


def village_round(ids: dict[str, str], kind: str) -> dict[str, Any]:
    """The organiser API's round with a hand-made result in it (RECORD.md "Result")."""
    def row(name: str, **fields: Any) -> dict[str, Any]:
        return {"id": ids[name], "name": name, **fields}

    member = {
        "seats": 3, "threshold": 13, "sections_valid": 25, "sections_invalid": 0,
        "elected": [ids["欧阳丽"]], "tie": None, "unfilled": 2,
        "tally": [row("欧阳丽", yes=20, no=0, abstain=5, votes=20, status="elected"),
                  row("李明", yes=0, votes=10, carried={"chair": 10}, status="not_elected"),
                  row("刘芳", yes=3, no=0, abstain=22, votes=12, carried={"vice_chair": 9},
                      status="not_elected"),
                  {"name": "赵六", "write_in": True, "yes": 2, "votes": 2,
                   "status": "not_elected"}],
        "write_ins_for_nobody": NOBODY[:1],
    }
    vice = {"seats": 1, "threshold": 13, "sections_valid": 25, "sections_invalid": 0,
            "elected": [ids["张伟"]], "tie": None, "unfilled": 0,
            "tally": [row("张伟", yes=14, no=1, abstain=10, status="elected"),
                      row("刘芳", yes=14, no=1, abstain=10, status="qualified")]}
    result = {
        "format": "jipiao.result/1",
        "rounds": [{"id": "r1", "status": "counted",
                    "checks": [{"code": "women_member", "ok": False, "actual": 0,
                                "required": 1, "text": "当选人中没有女性成员"}],
                    "posts": {"vice_chair": vice} if kind == "tie_break"
                    else {"member": member}}],
        "outcome": {"status": "needs_round", "elected": {"member": [ids["欧阳丽"]]},
                    "vacant": {}, "next_round": {"kind": "supplementary", "posts": {
                        "vice_chair": {"seats": 1, "candidates": [], "needs_nomination": True},
                        "member": {"seats": 2, "candidates": [ids["刘芳"], ids["孙丽"]],
                                   "note": "孙丽为得票最多的女性，依规定列入"}}}},
    }
    return {"id": 1, "number": 1, "key": "r1", "kind": kind, "state": "counted",
            "state_zh": "计票完毕", "actions": [], "attendance": {"present": 25},
            "ballots_issued": 25, "ballots_returned": 25, "entered": 25,
            "double_entry": False, "signed_off_by": None,
            "checks": result["rounds"][0]["checks"], "result": result}


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["regular", "tie_break"])
def test_organiser_page_shows_a_hand_made_result(server: str, browser: Any, kind: str) -> None:
    meeting = make_village(server, rules={"multi_post_mode": "cascade"})
    rnd = village_round(meeting.ids, kind)
    page = browser.new_page(viewport=TABLET)
    page.route(f"**/api/v1/elections/{meeting.eid}/rounds", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps([rnd])))
    page.goto(meeting.page("organiser", "organiser"))
    page.wait_for_selector("#round-panel table")
    panel = page.inner_text("#round-panel")
    # a failed check that does not void the round is listed; the round is still counted
    assert "✗ 当选人中没有女性成员" in panel and "本轮选举无效" not in panel
    if kind == "tie_break":
        rows = page.locator("table[data-post=vice_chair] tbody tr").all_inner_texts()
        assert [r.split("\t") for r in rows] == [["张伟", "14", "当选"], ["刘芳", "14", "未当选"]]
        assert "过半" not in panel
    else:
        heads = page.locator("table[data-post=member] thead th").all_inner_texts()
        assert heads == ["姓名", "赞成票", "得票", "结果"]
        rows = page.locator("table[data-post=member] tbody tr").all_inner_texts()
        assert [r.split("\t") for r in rows] == [
            ["欧阳丽", "20", "20", "当选"],
            ["李明", "0", "10（含主任票10票）", "未当选"],
            ["刘芳", "3", "12（含副主任票9票）", "未当选"],
            ["赵六（另选）", "2", "2", "未当选"]]
        assert (page.inner_text("[data-nobody=member]")
                == "另选无效：赵六2票（不是新当选的委员）")
    assert page.inner_text("[data-next=member]") == (
        "下一轮另行选举：委员2名，候选人：刘芳、孙丽（孙丽为得票最多的女性，依规定列入）")
    assert page.inner_text("[data-next=vice_chair]") == (
        "下一轮另行选举：副主任1名，须由组织者提名候选人（已当选委员中无人获得该职位选票）")
    page.close()


def test_public_page_reads_a_hand_made_result() -> None:
    ids = {n: f"c{i}" for i, n in enumerate(["欧阳丽", "李明", "刘芳", "张伟", "孙丽"])}
    published = []
    for number, kind in ((1, "regular"), (2, "tie_break")):
        rnd = copy.deepcopy(village_round(ids, kind))
        rnd.update(number=number, published_at=None, record_sha256="a", result_sha256="b")
        published.append(rnd)
    html = templates.get_template("public.html").render(
        election={"id": 1, "title": "幸福村村民委员会换届选举"}, rounds=published,
        names={v: k for k, v in ids.items()}, posts=dict(POSTS), body_zh="村民委员会",
        kinds={"regular": "正式选举", "tie_break": "重新投票"},
        static=lambda name: f"/ui/static/{name}", path_for=lambda *a, **k: "/")
    assert "<th class=\"num\">得票</th>" in html
    assert "10（含主任票10票）" in html and "12（含副主任票9票）" in html
    assert "李明（另选）" not in html and "赵六（另选）" in html
    assert "另选无效：赵六2票（不是新当选的委员）" in html
    tie_break = html[html.index("第2轮"):html.index("第1轮")]
    assert "刘芳</td>" in tie_break and "未当选" in tie_break and "过半" not in tie_break


def test_attendance_panel_counts_households(client: TestClient) -> None:
    meeting = make_village("", http=client, rules={"electorate_mode": "households"})
    html = client.get(f"/ui/e/{meeting.eid}/attendance",
                      headers={"Authorization": f"Bearer {meeting.tokens['organiser']}"}).text
    assert "登记选民 <b>30</b> 户" in html and "已签到 <b id=\"present-count\">25</b> 户" in html
    assert "已签到25户" in html and " 人" not in html
    assert "以收回的选票计" in html and "选举无效" not in html  # RULES.md §3: no sign-in verdict
    voters = make_village("", http=client)
    html = client.get(f"/ui/e/{voters.eid}/attendance",
                      headers={"Authorization": f"Bearer {voters.tokens['organiser']}"}).text
    assert "登记选民 <b>30</b> 人" in html and "已签到25人" in html
