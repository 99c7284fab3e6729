"""Layout defects found by looking at the rendered pages, each tested by text positions
(`pdftotext -bbox`): names whole, titles whole, signatures with the figures they sign."""

from __future__ import annotations

from typing import Any

import pytest
from printkit import Record, page_count, party_record, pdf_lines, pdf_words, result_of

from ballots.content import BallotOptions
from ballots.documents.announcement import render_announcement
from ballots.documents.ballot import render_ballots
from ballots.documents.report import render_report
from ballots.documents.tally_sheet import TallyOptions, render_tally_sheet

LONG_TITLE = "中共幸福街道幸福社区第一支部委员会换届选举"


def counted(names: tuple[str, ...], seats: int, *, title: str | None = None) -> Record:
    record = party_record(names=names, seats=seats)
    present = 1000
    del record["rounds"][0]["ballots"]
    record["rounds"][0].update(
        ballots_issued=present, ballots_returned=present,
        attendance={"entitled": present, "present": present},
        totals={"member": {"invalid": 0, "yes": {c["id"]: 600 - 10 * i for i, c in
                                                  enumerate(record["candidates"])}}},
    )
    if title:
        record["election"]["title"] = title
    return record


def complete(record: Record) -> dict[str, Any]:
    result = result_of(record)
    ids = [c["id"] for c in record["candidates"]]
    return {**result, "outcome": {"status": "complete", "elected": {"member": ids},
                                  "vacant": {}, "next_round": None}}


@pytest.mark.parametrize("write_ins", [0, 5, 16])
def test_ballot_names_are_never_broken(write_ins: int) -> None:
    names = ("欧阳建华", "司马晓光", "诸葛明亮", "欧阳晓东", "丁一", "王建国",
             "上官婉儿丽华", "欧阳慕容建国")  # up to 6 characters…
    pdf = render_ballots(party_record(names=names, seats=3),
                         "r1", options=BallotOptions(write_in_columns=write_ins))
    words = [w.text for w in pdf_words(pdf)]
    for name in names:
        assert words.count(name) == 1, name  # one word on one line: not 欧阳建|华


def test_ballot_eight_character_and_minority_names_break_only_at_the_separator() -> None:
    names = ("艾尔肯·吐尼亚孜", "阿不都热合曼·买买提", "欧阳慕容司马建国", "丁一")
    pdf = render_ballots(party_record(names=names, seats=2), "r1",
                         options=BallotOptions(write_in_columns=12))
    words = pdf_words(pdf)
    texts = [w.text for w in words]
    assert texts.count("欧阳慕容司马建国") == 1  # 8 characters, one line
    assert texts.count("丁一") == 1
    for first, second in (("艾尔肯·", "吐尼亚孜"), ("阿不都热合曼·", "买买提")):
        # whole, or in two lines broken right after the separator, in one cell
        if texts.count(first + second) == 1:
            continue
        top = next(w for w in words if w.text == first)
        below = next(w for w in words if w.text == second)
        assert below.y_min > top.y_min and abs((below.x_min + below.x_max)
                                                - (top.x_min + top.x_max)) < 2


def test_announcement_names_are_never_broken_across_lines() -> None:
    surnames = "丁马王文方尹孔叶田史白冯司刘陈杨赵黄周吴徐孙朱胡郭何高林罗梁宋郑"
    for count in range(8, 30):  # every place a line can end
        names = ("尹兰芳", "严桂志", "黎明洋", "欧阳晓东",
                 *(s + "建国" for s in surnames[:count]))
        record = counted(names, len(names))
        pdf = render_announcement(record, complete(record))
        text = "\n".join(t for _, t in pdf_lines(pdf))
        for name in names:
            assert name in text.replace("、", "\n").split("\n") or f"{name}、" in text, (
                count, name)


@pytest.mark.parametrize("title", [LONG_TITLE, "中共幸福社区支部委员会换届选举",
                                   "幸福村第十二届村民委员会换届选举"])
def test_report_title_is_whole(title: str) -> None:
    record = counted(("丁一", "马力", "王建国"), 2, title=title)
    lines = [t for page, t in pdf_lines(render_report(record, result_of(record))) if page == 1]
    full = f"{title}结果报告单"
    head = lines[0] if lines[0] == full else lines[0] + lines[1]
    assert head == full
    assert all(len(part) >= 4 for part in (lines[0], lines[1]) if head != lines[0])


def test_report_signatures_never_stand_alone() -> None:
    surnames = "丁马王文方尹孔叶田史白冯司刘陈杨赵黄周吴徐孙朱胡郭何高林罗梁宋郑"
    seen_two_pages = False
    for count in range(4, 34):
        names = tuple(s + "建国" for s in surnames[:count])
        record = counted(names, count - 1, title=LONG_TITLE)
        pdf = render_report(record, result_of(record))
        pages = page_count(pdf)
        seen_two_pages |= pages > 1
        last = [t for page, t in pdf_lines(pdf) if page == pages]
        assert any(t.startswith("总监票人（签名）") for t in last)
        # a row of the table (a name and its figures) is on the page the signatures are on
        assert any(w.text in names for w in pdf_words(pdf) if w.page == pages), count
    assert seen_two_pages


def test_multi_page_forms_carry_title_page_numbers_and_initials() -> None:
    surnames = "丁马王文方尹孔叶田史白冯司刘陈杨赵黄周吴徐孙朱胡郭何高林罗梁宋郑"
    names = tuple(s + "建国" for s in surnames[:30])
    record = counted(names, 29, title=LONG_TITLE)
    report = render_report(record, result_of(record))
    tally = render_tally_sheet(party_record(names=names, seats=20), "r1",
                               options=TallyOptions(voters=300))
    for pdf, title in ((report, f"{LONG_TITLE}结果报告单"),
                       (tally, "中共幸福社区支部委员会委员选举唱票记录表")):
        pages = page_count(pdf)
        assert pages > 1
        lines = pdf_lines(pdf)
        for number in range(1, pages + 1):
            text = "".join(t for page, t in lines if page == number)
            assert title in text, number
            assert f"第{number}页共{pages}页监票人签字：" in text, number
            assert ("总监票人（签名）" in text) == (number == pages), number


@pytest.mark.parametrize(
    ("title", "post", "printed"),
    [("中共幸福社区支部委员会选举出席街道党代会代表", "出席上级党代会代表",
      "中共幸福社区支部委员会选举出席街道党代会代表选票"),
     ("中共幸福社区支部出席上级党代会代表选举", "出席上级党代会代表",
      "中共幸福社区支部出席上级党代会代表选票"),
     ("中共幸福社区支部委员会换届选举", "委员", "中共幸福社区支部委员会委员选举票")],
)
def test_ballot_title_names_what_is_elected_once(title: str, post: str, printed: str) -> None:
    record = party_record(names=("丁一", "马力", "王建国"), seats=2)
    record["election"]["title"] = title
    record["posts"][0]["name"] = post
    lines = [t for _, t in pdf_lines(render_ballots(record, "r1"))]
    assert "".join(lines[:2]).startswith(printed)
    assert lines[0] == printed or lines[0] + lines[1] == printed


def test_ballot_numbers_candidates_and_breaks_rows_by_the_shared_rule() -> None:
    """The 计票人 page numbers and breaks its grid by the same rule (`grid_row_lengths`)."""
    from ballots.content import ballot_content
    from ballots.documents.ballot import grid_row_lengths
    from counting import parse_record

    names = (*(s + "建国" for s in "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋"),
             "艾尔肯·吐尼亚孜")
    record = party_record(names=names, seats=5)
    parsed = parse_record(record)
    content = ballot_content(record, parsed, "r1", "regular", parsed.rounds[0].contests,
                             BallotOptions())
    per_row = grid_row_lengths(content)["member"]
    rows: dict[tuple[int, int], list[int]] = {}
    for w in pdf_words(render_ballots(record, "r1")):
        if w.text.isdigit() and w.y_max - w.y_min < 9:
            rows.setdefault((w.page, round(w.y_min)), []).append(int(w.text))
    printed = [sorted(ns) for _, ns in sorted(rows.items())]
    expected = list(range(1, len(names) + 1))
    assert printed == [expected[i : i + per_row] for i in range(0, len(names), per_row)]
