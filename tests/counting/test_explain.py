"""The Chinese summary (`jipiao count --explain`): what is read out after the count."""

from __future__ import annotations

import json
from pathlib import Path

from recordkit import FIXTURES, SAMPLES, name_of, plain_key

from counting import count, parse_record
from counting.explain import explain


def summary(path: str) -> str:
    rec = parse_record(json.loads(path_of(path).read_text(encoding="utf-8")))
    return explain(rec, count(rec, plain_key))


def path_of(name: str) -> Path:
    for folder in (SAMPLES, FIXTURES):
        if (folder / f"{name}.record.json").exists():
            return folder / f"{name}.record.json"
    raise FileNotFoundError(name)


def test_tie_is_read_out_with_the_next_step() -> None:
    text = summary("party_tie_boundary")
    assert "平票" in text and "争1个名额" in text
    assert "下一步：对平票候选人重新投票" in text
    assert name_of(5) in text and name_of(6) in text


def test_failed_quorum_is_read_out() -> None:
    text = summary("party_quorum_exact_strict")
    assert "未超过应到60人的五分之四" in text and "会议（选举）无效" in text


def test_reduced_seats_and_supplementary_rounds() -> None:
    assert "经会议决定名额由5名减为4名" in summary("party_reduce_seats")
    text = summary("village_supplementary_third")
    assert "另行选举" in text and "三分之一" in text and "选举完成" in text


def test_every_check_sentence_is_in_the_summary() -> None:
    for name in ("party_basic", "residents_per_ballot_write_ins", "village_cascade"):
        rec = parse_record(json.loads(path_of(name).read_text(encoding="utf-8")))
        result = count(rec, plain_key)
        text = explain(rec, result)
        for rnd in result.rounds:
            for c in rnd.checks:
                assert c.text in text


def test_cascade_tables_say_where_the_votes_came_from() -> None:
    text = summary("village_cascade")
    assert "含主任票" in text
    rec = parse_record(json.loads(path_of("village_cascade").read_text(encoding="utf-8")))
    result = count(rec, plain_key)
    for rnd in result.rounds:
        for post in rnd.posts:
            for row in post.tally:
                if row.carried and row.yes == 0 and not row.printed:
                    assert f"{row.person.name}（另选）" not in text  # carried down, not written in


def test_households_mode_says_hu() -> None:
    from villagekit import village

    doc = village({"chair": {"yes": {"c01": 600}}, "vice_chair": {"yes": {"c03": 600}},
                   "member": {"yes": {"c05": 600, "c06": 600, "c07": 600}}},
                  returned=600, body="residents_committee", members=3,
                  rules={"electorate_mode": "households"})
    rec = parse_record(doc)
    text = explain(rec, count(rec, plain_key))
    assert "参加投票600户" in text and "参加投票户数600户的过半数" in text
    assert "600人" not in text
