"""`jipiao nominate` and `jipiao appraise`: the golden records through the real CLI, the
Chinese --explain text, and bad input exiting 2 with the pointer, as `jipiao count` does."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from campaignkit import CAMPAIGN_FIXTURES

GOLDEN = [
    ("nominate", p) for p in sorted(CAMPAIGN_FIXTURES.glob("*.nomination.json"))
] + [("appraise", p) for p in sorted(CAMPAIGN_FIXTURES.glob("*.appraisal.json"))]


def run(jipiao: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [jipiao, *args], capture_output=True, text=True, input=stdin, timeout=60, check=False
    )


@pytest.mark.parametrize(("command", "path"), GOLDEN, ids=lambda x: getattr(x, "name", x))
def test_the_cli_prints_the_expected_canonical_json(jipiao: str, command: str,
                                                    path: Path) -> None:
    done = run(jipiao, command, str(path))
    assert done.returncode == 0, done.stderr
    expected = path.with_name(path.name.split(".")[0] + ".expected.json")
    assert done.stdout == expected.read_text(encoding="utf-8")


def test_the_cli_reads_standard_input(jipiao: str) -> None:
    path = CAMPAIGN_FIXTURES / "village_appraisal.appraisal.json"
    done = run(jipiao, "appraise", "-", stdin=path.read_text(encoding="utf-8"))
    assert done.returncode == 0
    assert json.loads(done.stdout)["format"] == "jipiao.appraisal-result/1"


def test_nominate_explain_reads_out_the_ranking(jipiao: str) -> None:
    path = CAMPAIGN_FIXTURES / "party_two_recommendations.nomination.json"
    done = run(jipiao, "nominate", str(path), "--explain")
    assert done.returncode == 0, done.stderr
    assert "门槛：综合得票超过推荐票（加权）的一半（至少149分）" in done.stdout
    assert "初步人选（按姓氏笔画）：王建国、刘芳、李秀英、张伟、陈静" in done.stdout
    assert "尚缺1名" in done.stdout
    direct = CAMPAIGN_FIXTURES / "residents_direct_nomination.nomination.json"
    done = run(jipiao, "nominate", str(direct), "--explain")
    assert "须预选，从李秀英、刘芳、张伟中产生2名" in done.stdout
    assert "吴强（委员）：户代表联名2人（须5人以上），不足5人，不予受理" in done.stdout


def test_appraise_explain_reads_out_rates_and_flags(jipiao: str) -> None:
    done = run(jipiao, "appraise", str(CAMPAIGN_FIXTURES / "village_appraisal.appraisal.json"),
               "--explain")
    assert done.returncode == 0, done.stderr
    assert "62.8%" in done.stdout and "不宜继续提名" in done.stdout
    assert "入户调查126户，占210户的60.0%" in done.stdout
    assert "刘芳" in done.stdout and "未获信任" in done.stdout


def test_a_malformed_record_exits_2_naming_the_pointer(jipiao: str, tmp_path: Path) -> None:
    doc = json.loads((CAMPAIGN_FIXTURES / "residents_direct_nomination.nomination.json")
                     .read_text(encoding="utf-8"))
    doc["forms"][0]["signers"][0] = "外来人"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    done = run(jipiao, "nominate", str(bad))
    assert done.returncode == 2 and done.stdout == ""
    assert "提名记录有误" in done.stderr
    assert "/forms/0/signers/0: 联名人“外来人”不在登记名册" in done.stderr


@pytest.mark.parametrize("command", ["nominate", "appraise"])
def test_unreadable_input_exits_2(jipiao: str, command: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    done = run(jipiao, command, str(broken))
    assert done.returncode == 2 and "不是有效的 JSON" in done.stderr
    done = run(jipiao, command, str(tmp_path / "missing.json"))
    assert done.returncode == 2 and "无法读取文件" in done.stderr
    done = run(jipiao, command, "-", stdin='{"format": "jipiao.record/1"}')
    assert done.returncode == 2 and "/format" in done.stderr
