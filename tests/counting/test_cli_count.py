"""`jipiao count`: every sample and golden record through the real CLI and compare_result.py;
bad input exits 2 with the JSON pointer and the problem in Chinese and English."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from recordkit import (
    COMPARE,
    FIXTURES,
    SAMPLES,
    candidates,
    party_attendance,
    post,
    record,
    round_,
    yes_for,
)

RECORDS = sorted(SAMPLES.glob("*.record.json")) + sorted(FIXTURES.glob("*.record.json"))


def run(jipiao: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [jipiao, *args], capture_output=True, text=True, input=stdin, timeout=60, check=False
    )


def test_the_samples_are_there() -> None:
    assert len(list(SAMPLES.glob("*.record.json"))) >= 4
    assert len(list(FIXTURES.glob("*.record.json"))) >= 4


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.name.removesuffix(".record.json"))
def test_record_matches_expected_through_the_cli(jipiao: str, path: Path, tmp_path: Path) -> None:
    done = run(jipiao, "count", str(path))
    assert done.returncode == 0, done.stderr
    result = tmp_path / "result.json"
    result.write_text(done.stdout, encoding="utf-8")
    expected = path.with_name(path.name.replace(".record.json", ".expected.json"))
    cmp = subprocess.run(
        [sys.executable, str(COMPARE), str(expected), str(result)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert cmp.returncode == 0, cmp.stdout
    # byte for byte what the calculator endpoint computes in process
    from app.calculator import count_document
    from counting import dumps

    assert dumps(count_document(json.loads(path.read_text(encoding="utf-8")))) == done.stdout


def test_explain_reads_out_the_result(jipiao: str) -> None:
    done = run(jipiao, "count", str(SAMPLES / "party_tie_boundary.record.json"), "--explain")
    assert done.returncode == 0, done.stderr
    assert "计票结果" in done.stdout and "平票" in done.stdout and "重新投票" in done.stdout


def test_standard_input(jipiao: str) -> None:
    text = (SAMPLES / "party_basic.record.json").read_text(encoding="utf-8")
    done = run(jipiao, "count", "-", stdin=text)
    assert done.returncode == 0 and json.loads(done.stdout)["outcome"]["status"] == "complete"


def base() -> dict:
    return record(
        "party_branch",
        [post("member", 1)],
        candidates(2, ["member"]),
        [round_(party_attendance(3), ballots=[yes_for("member", "c01") for _ in range(3)])],
    )


def broken(change: str) -> dict:
    doc = base()
    r = doc["rounds"][0]
    if change == "unknown_rule":
        doc["election"]["rules"]["overvote"] = "sheet"
    elif change == "unknown_candidate":
        r["ballots"][1]["marks"]["member"]["c09"] = "yes"
    elif change == "post_not_stood_for":
        doc["posts"].append(post("secretary", 1))
        doc["election"]["rules"]["secretary_mode"] = "direct"
        r["ballots"][1]["marks"]["secretary"] = {"c02": "yes"}
    elif change == "negative":
        r["attendance"]["present"] = -3
    elif change == "non_integer":
        r["ballots_issued"] = 3.5
    elif change == "duplicate_id":
        doc["candidates"][1]["id"] = "c01"
    elif change == "impossible_totals":
        del r["ballots"]
        r["totals"] = {"member": {"yes": {"c01": 3}, "no": {"c01": 1}}}
    elif change == "ballots_vs_returned":
        r["ballots_returned"] = 4
    elif change == "boxes":
        r["boxes"] = [{"id": "main", "issued": 2, "returned": 2}]
    return doc


CASES = {
    "unknown_rule": "/election/rules/overvote",
    "unknown_candidate": "/rounds/0/ballots/1/marks/member/c09",
    "post_not_stood_for": "/rounds/0/ballots/1/marks/secretary/c02",
    "negative": "/rounds/0/attendance/present",
    "non_integer": "/rounds/0/ballots_issued",
    "duplicate_id": "/candidates/1/id",
    "impossible_totals": "/rounds/0/totals/member/yes/c01",
    "ballots_vs_returned": "/rounds/0/ballots_returned",
    "boxes": "/rounds/0/boxes",
}


def check_refusal(code: int, out: str, err: str, pointer: str) -> None:
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    line = next(ln for ln in err.splitlines() if pointer + ":" in ln)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in line)  # Chinese on the pointer's line
    english = err.splitlines()[err.splitlines().index(line) + 1].strip()
    assert english.isascii() and english  # then the English


@pytest.mark.parametrize("change", ["unknown_candidate", "impossible_totals"])
def test_refused_record_exits_2_naming_the_pointer(
    jipiao: str, change: str, tmp_path: Path
) -> None:
    path = tmp_path / "record.json"
    path.write_text(json.dumps(broken(change), ensure_ascii=False), encoding="utf-8")
    done = run(jipiao, "count", str(path))
    check_refusal(done.returncode, done.stdout, done.stderr, CASES[change])


@pytest.mark.parametrize("change", sorted(CASES))
def test_refused_record_in_process(
    jipiao: str, change: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    path = tmp_path / "record.json"
    path.write_text(json.dumps(broken(change), ensure_ascii=False), encoding="utf-8")
    code = main(["count", str(path)])
    captured = capsys.readouterr()
    check_refusal(code, captured.out, captured.err, CASES[change])


def test_invalid_json_and_missing_file(jipiao: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "jipiao.record/1",', encoding="utf-8")
    for args in (["count", str(bad)], ["count", str(tmp_path / "missing.json")]):
        done = run(jipiao, *args)
        assert done.returncode == 2 and done.stdout == ""
        assert "Traceback" not in done.stderr
        assert "错误" in done.stderr and "error:" in done.stderr
    assert "JSON" in run(jipiao, "count", str(bad)).stderr


def test_not_an_object_and_not_utf8(jipiao: str, tmp_path: Path) -> None:
    arr = tmp_path / "array.json"
    arr.write_text("[]", encoding="utf-8")
    done = run(jipiao, "count", str(arr))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"title": "\xff"}')
    done = run(jipiao, "count", str(latin))
    assert done.returncode == 2 and "Traceback" not in done.stderr
