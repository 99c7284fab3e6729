"""计票单, 选举结果报告单 and 当选公告: content read back with poppler and zbar."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from printkit import IN_STROKE_ORDER, counted_party_record, page_count, party_record, result_of

from ballots.documents.announcement import (
    AnnouncementOptions,
    render_announcement,
    working_days_end,
)
from ballots.documents.report import ReportOptions, record_digest, render_report
from ballots.documents.tally_sheet import TallyOptions, render_tally_sheet
from ballots.errors import DocumentError

Text = Callable[..., str]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def completed(result: dict[str, Any]) -> dict[str, Any]:
    """The result after the tie-break: 王建国 took the last seat (a hand-made outcome)."""
    elected = [*result["outcome"]["elected"]["member"], "c02"]
    return {**result, "outcome": {"status": "complete", "elected": {"member": elected},
                                  "vacant": {}, "next_round": None}}


def test_tally_sheet_lists_candidates_in_ballot_order_with_grids(pdf_text: Text) -> None:
    pdf = render_tally_sheet(party_record(present=55), "r1")
    text = squash(pdf_text(pdf))
    found = [text.index(n) for n in IN_STROKE_ORDER]
    assert found == sorted(found)
    assert "中共幸福社区支部委员会委员选举唱票记录表" in text
    for label in ("正字计票", "合计", "本栏无效", "唱票人（签名）", "计票人（签名）",
                  "监票人（签名）"):
        assert label in text
    # 55 present → 11 squares of 正 per line; the sheet says how many votes a line holds.
    assert "每行可记" in text


def test_tally_sheet_grows_with_the_electorate() -> None:
    small = render_tally_sheet(party_record(), "r1", options=TallyOptions(voters=50))
    large = render_tally_sheet(party_record(), "r1", options=TallyOptions(voters=900))
    assert page_count(large) > page_count(small) >= 1


def test_report_numbers_elected_and_next_step(pdf_text: Text) -> None:
    record = counted_party_record()
    pdf = render_report(record, result_of(record), options=ReportOptions(
        organisation="幸福街道", meeting_date=date(2026, 11, 23)))
    text = squash(pdf_text(pdf))
    assert "中共幸福社区支部委员会换届选举结果报告单" in text
    assert "幸福街道第1轮（r1）选举2026年11月23日" in text
    for label in ("应到人数", "实到人数", "发出选票", "收回选票", "作废选票"):
        assert label in text
    assert "本栏有效53张，无效2张" in text
    assert "至少28票" in text
    # 姓氏笔画 order for the elected: 丁一 马力 田野 冯雪 (the count ranks them by votes).
    assert "当选（按姓氏笔画为序）：丁一、马力、田野、冯雪" in text
    assert "须重新投票：委员1名，候选人（按姓氏笔画为序）：王建国、方圆。" in text
    for who in ("总监票人（签名）", "监票人（签名）", "计票人（签名）", "主持人（签名）"):
        assert who in text
    # each candidate's yes / no / abstain, e.g. 叶红 20 yes, 30 no, 3 abstain
    assert re.search(r"叶红\s+20\s+30\s+3\s+未当选", pdf_text(pdf))


def test_report_qr_holds_url_and_sha256(
    pdf_text: Text, qr_codes: Callable[[bytes], list[str]]
) -> None:
    record = counted_party_record()
    url = "https://jipiao.example.cn/e/42/record.json"
    pdf = render_report(record, result_of(record), options=ReportOptions(published_url=url))
    sha = record_digest(record)
    assert qr_codes(pdf) == [f"{url}#sha256={sha}"]
    text = squash(pdf_text(pdf))
    assert sha in text and url in text
    given = hashlib.sha256(b"the published file").hexdigest()
    pdf = render_report(record, result_of(record), options=ReportOptions(record_sha256=given))
    assert qr_codes(pdf) == [f"sha256:{given}"]


def test_report_of_a_round_that_was_not_valid(pdf_text: Text) -> None:
    record = counted_party_record()
    record["rounds"][0]["attendance"]["present"] = 48  # 48 of 60 is not over 4/5
    record["rounds"][0]["ballots_issued"] = record["rounds"][0]["ballots_returned"] = 48
    record["rounds"][0]["totals"] = {"member": {"invalid": 0, "yes": {}}}
    text = squash(pdf_text(render_report(record, result_of(record))))
    assert "本轮选举无效" in text and "【不符合】" in text


def test_report_unknown_round() -> None:
    record = counted_party_record()
    with pytest.raises(DocumentError) as err:
        render_report(record, result_of(record), round_id="r7")
    assert err.value.code == "unknown_round"


def test_announcement_elected_by_post_in_stroke_order(pdf_text: Text) -> None:
    record = counted_party_record()
    options = AnnouncementOptions(organisation="中共幸福社区支部委员会",
                                  announced_on=date(2026, 11, 20),
                                  contact="幸福街道党工委组织办，电话 0571-12345678")
    text = squash(pdf_text(render_announcement(record, completed(result_of(record)),
                                               options=options)))
    assert "委员：丁一、马力、王建国、田野、冯雪" in text
    # 5 working days from Friday 20 November: Fri, Mon–Thu → Thursday 26 November.
    assert "公示期为5个工作日（2026年11月20日至2026年11月26日）" in text
    assert "联系方式：幸福街道党工委组织办，电话0571-12345678" in text
    assert "中共幸福社区支部委员会2026年11月20日" in text  # signed and dated at the bottom


def test_announcement_refused_before_the_election_ends() -> None:
    record = counted_party_record()
    with pytest.raises(DocumentError) as err:
        render_announcement(record, result_of(record))
    assert err.value.code == "outcome_incomplete"


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [(date(2026, 11, 23), 5, date(2026, 11, 27)),  # Monday → Friday
     (date(2026, 11, 21), 5, date(2026, 11, 27)),  # a Saturday start counts from Monday
     (date(2026, 11, 27), 1, date(2026, 11, 27))],
)
def test_working_days(start: date, days: int, end: date) -> None:
    assert working_days_end(start, days) == end


def test_invalid_result_is_refused() -> None:
    record = counted_party_record()
    with pytest.raises(DocumentError) as err:
        render_report(record, {"rounds": "nope"})
    assert err.value.code == "invalid_result"
