"""RECORD.md "Result": checks with stable codes, integers and a Chinese sentence; byte-stable."""

from __future__ import annotations

import json
import random

from recordkit import (
    SAMPLES,
    VOID,
    ballot,
    candidates,
    party_attendance,
    post,
    record,
    result_of,
    result_text,
    round_,
    yes_for,
)

CHECK_KEYS = {"code", "ok", "actual", "required", "text"}


def mixed_ballots() -> list[dict]:
    ballots = [yes_for("member", "c01", "c02", "c03", no=["c04"])] * 20
    ballots += [
        ballot(
            {"member": {"c02": "yes", "c05": "unreadable"}},
            {"member": [("方小红", "yes"), ("田大勇", "none")]},
        )
    ] * 7
    ballots += [ballot({}, {"member": [("白云", "yes")]})] * 7
    ballots += [VOID] * 2 + [ballot()] * 3 + [yes_for("member", "c01", "c02", "c03", "c04")] * 2
    ballots += [ballot({"member": {"c04": "yes"}}, {"member": [("石文", "yes")]})] * 7
    return ballots


def doc_with(ballots: list[dict]) -> dict:
    return record(
        "party_branch",
        [post("member", 3)],
        candidates(5, ["member"]),
        [round_(party_attendance(50, 55, 2), ballots=ballots)],
    )


def test_checks_carry_code_integers_and_a_sentence() -> None:
    result = result_of(doc_with(mixed_ballots()))
    checks = result["rounds"][0]["checks"]
    codes = [c["code"] for c in checks]
    assert codes[:3] == ["quorum", "issued_le_present", "reconciliation"]
    assert "surplus" in codes
    for c in checks:
        assert c.keys() >= CHECK_KEYS
        assert isinstance(c["ok"], bool)
        assert type(c["actual"]) is int and type(c["required"]) is int
        assert isinstance(c["text"], str) and any("\u4e00" <= ch <= "\u9fff" for ch in c["text"])
    quorum = checks[0]
    assert (quorum["actual"], quorum["required"]) == (50, 43)  # 应到 53: 5·43 > 4·53
    assert quorum["text"].startswith("有选举权的实到50人，超过应到53人的五分之四")


def test_result_document_shape() -> None:
    result = result_of(doc_with(mixed_ballots()))
    assert result["format"] == "jipiao.result/1"
    rnd = result["rounds"][0]
    assert (rnd["id"], rnd["kind"], rnd["status"]) == ("r1", "regular", "counted")
    p = rnd["posts"]["member"]
    assert [k for k in p if k != "write_ins_for_nobody"] == [
        "seats",
        "threshold",
        "threshold_text",
        "sections_valid",
        "sections_invalid",
        "tally",
        "elected",
        "tie",
        "unfilled",
    ]
    assert p["threshold"] == 26 and p["sections_invalid"] == 4  # 2 void, 2 over-voted
    rows = {r.get("id", r["name"]): r for r in p["tally"]}
    assert rows["方小红"] == {"name": "方小红", "write_in": True, "yes": 7, "status": "not_elected"}
    assert "田大勇" not in rows  # party: a write-in without a mark counts for nobody
    assert rows["c05"]["unreadable"] == 7
    assert set(result["outcome"]) >= {"status", "elected", "vacant", "next_round"}


def test_same_record_same_bytes() -> None:
    doc = doc_with(mixed_ballots())
    assert result_text(doc) == result_text(json.loads(json.dumps(doc)))
    text = result_text(doc)
    assert "\n" in text and text.endswith("\n")
    assert json.loads(text) == result_of(doc)


def test_shuffled_ballots_give_byte_identical_results() -> None:
    ballots = mixed_ballots()
    first = result_text(doc_with(ballots))
    rng = random.Random(7)
    for _ in range(5):
        rng.shuffle(ballots)
        assert result_text(doc_with(ballots)) == first


def test_samples_are_byte_stable() -> None:
    for path in sorted(SAMPLES.glob("*.record.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert result_text(doc) == result_text(doc), path.name
