"""`jipiao ballot | tally-sheet | report | announcement`: PDF files out; exit 2 on bad input."""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import pytest
from printkit import counted_party_record, page_count, party_record

from app.cli import ballot as ballot_cli


def jipiao(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="jipiao")
    ballot_cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    code: int = args.func(args)
    return code


@pytest.fixture
def record_file(tmp_path: Path) -> Path:
    path = tmp_path / "record.json"
    path.write_text(json.dumps(counted_party_record(), ensure_ascii=False), encoding="utf-8")
    return path


def test_ballots_from_the_command_line(record_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "ballots.pdf"
    assert jipiao("ballot", str(record_file), "--round", "r1", "--copies", "60",
                  "-o", str(out)) == 0
    assert out.read_bytes().startswith(b"%PDF") and page_count(out.read_bytes()) == 30  # 2-up
    nxt = tmp_path / "tiebreak.pdf"
    assert jipiao("ballot", str(record_file), "--round", "next", "--copies", "8",
                  "-o", str(nxt)) == 0
    assert page_count(nxt.read_bytes()) == 2  # four to a page


def test_report_hashes_the_file_as_published(
    record_file: Path, tmp_path: Path, qr_codes: object
) -> None:
    out = tmp_path / "report.pdf"
    assert jipiao("report", str(record_file), "-o", str(out), "--url", "https://x.cn/r.json",
                  "--date", "2026-11-23") == 0
    sha = hashlib.sha256(record_file.read_bytes()).hexdigest()
    assert callable(qr_codes)
    assert qr_codes(out.read_bytes()) == [f"https://x.cn/r.json#sha256={sha}"]


def test_tally_sheet_and_announcement(record_file: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert jipiao("tally-sheet", str(record_file), "--round", "r1",
                  "-o", str(tmp_path / "t.pdf")) == 0
    # the count needs a tie-break round: no announcement yet
    assert jipiao("announcement", str(record_file), "-o", str(tmp_path / "a.pdf")) == 2
    err = capsys.readouterr().err
    assert "outcome_incomplete" in err and "选举尚未结束" in err and "not complete" in err


@pytest.mark.parametrize(
    ("argv", "zh", "en"),
    [
        (["--round", "r5"], "没有轮次“r5”", "no round 'r5'"),
        (["--round", "r1", "--copies", "0"], "份数", "copies"),
        (["--round", "r1", "--font", "/nowhere/font.ttf"], "fonts-wqy-microhei",
         "fonts-wqy-microhei"),
    ],
)
def test_errors_exit_2_in_chinese_and_english(
    record_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    argv: list[str], zh: str, en: str,
) -> None:
    assert jipiao("ballot", str(record_file), *argv, "-o", str(tmp_path / "x.pdf")) == 2
    err = capsys.readouterr().err
    assert zh in err and en in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_bad_record_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "jipiao.record/1"}', encoding="utf-8")
    assert jipiao("ballot", str(bad), "--round", "r1", "-o", str(tmp_path / "x.pdf")) == 2
    assert "选举记录有误" in capsys.readouterr().err
    bad.write_text("{not json", encoding="utf-8")
    assert jipiao("report", str(bad), "-o", str(tmp_path / "x.pdf")) == 2


def test_no_ballots_for_a_list_that_fails_the_surplus_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = party_record(names=("丁一", "马力", "王建国", "文明", "方圆"), seats=5)  # 等额
    path = tmp_path / "equal.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "b.pdf"
    assert jipiao("ballot", str(path), "--round", "r1", "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert "checks_failed" in err and "差额" in err and "surplus" in err
    assert not out.exists()
    assert jipiao("ballot", str(path), "--round", "r1", "--ignore-checks", "-o", str(out)) == 0


def test_whole_election_report_from_the_command_line(record_file: Path, tmp_path: Path,
                                                      pdf_text: object) -> None:
    out = tmp_path / "all.pdf"
    assert jipiao("report", str(record_file), "--all", "-o", str(out)) == 0
    assert callable(pdf_text)
    text = "".join(pdf_text(out.read_bytes()).split())
    assert "全部1轮：第1轮选举" in text and "选举结果（按姓氏笔画为序）" in text
