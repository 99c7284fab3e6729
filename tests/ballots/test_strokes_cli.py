"""`jipiao sort`: names in, names in 姓氏笔画 order out; errors exit 2 without a traceback."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from app.cli import sort as sort_cli


def run(
    argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="jipiao")
    sort_cli.register(parser.add_subparsers(dest="command", required=True))
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    args = parser.parse_args(["sort", *argv])
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_sorts_names_with_surname_marks(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "# 候选人\n洪少东\n欧阳|少东\n\n高大富\n高富\n东|方红\n东林\n"
    code, out, err = run([], text, monkeypatch, capsys)
    assert code == 0 and err == ""
    assert out.split() == ["东林", "东方红", "欧阳少东", "洪少东", "高富", "高大富"]


def test_full_name_option(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["--full-name"], "高富\n高大富\n", monkeypatch, capsys)
    assert code == 0 and out.split() == ["高大富", "高富"]


def test_explain_prints_each_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    names = tmp_path / "names.txt"
    names.write_text("巴特尔\n孔军\n", encoding="utf-8")
    code, out, _ = run(["--explain", str(names)], "", monkeypatch, capsys)
    first, second = out.splitlines()
    assert code == 0 and first.startswith("孔军") and second.startswith("巴特尔")
    assert "孔 U+5B54 4画 5215 左右" in first and "巴 U+5DF4 4画 5215 整体" in second


def test_duplicates_and_mixed_forms_are_reported(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([], "王毅\n陳红\n王 毅\n", monkeypatch, capsys)
    assert code == 0 and out.splitlines() == ["王毅", "王 毅", "陳红"]
    assert "第1行、第3行" in err and "混用繁体字" in err


def test_override_and_unknown_character(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([], "王乬\n", monkeypatch, capsys)
    assert code == 2 and out == ""
    assert "U+4E6C" in err and "错误" in err and "Traceback" not in err
    code, out, _ = run(["--override", "乬=12345"], "王乬\n王可\n", monkeypatch, capsys)
    assert code == 0 and out.split() == ["王乬", "王可"]


@pytest.mark.parametrize(
    ("argv", "stdin", "needle"),
    [
        ([], "Tom\n", "U+0054"),
        ([], "王|\n", "姓和名"),
        ([], "欧|阳|东\n", "多个"),
        (["--override", "乬12345"], "王\n", "字=笔顺"),
        (["--override", "乬=12a"], "王乬\n", "笔顺"),
        (["/nonexistent/names.txt"], "", "无法读取"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    argv: list[str],
    stdin: str,
    needle: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(argv, stdin, monkeypatch, capsys)
    assert code == 2 and needle in err and "error:" in err
