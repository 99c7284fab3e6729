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


def village_record(rules: dict[str, Any] | None = None) -> dict[str, Any]:
    """主任/副主任/委员 on one sheet (村委会), counted by hand in r1; results are hand-made."""
    names = ("丁一", "马力", "王建国", "文明", "方圆", "叶红", "田野", "冯雪")
    posts = (["chair"], ["chair"], ["vice_chair"], ["vice_chair"], ["member"], ["member"],
             ["member"], ["member"])
    return {
        "format": "jipiao.record/1",
        "election": {"title": "幸福村民委员会换届选举", "body": "villagers_committee",
                     "rules": {"multi_post_mode": "cascade", **(rules or {})}},
        "posts": [{"id": "chair", "name": "主任", "seats": 1},
                  {"id": "vice_chair", "name": "副主任", "seats": 1},
                  {"id": "member", "name": "委员", "seats": 2}],
        "candidates": [{"id": f"c{i + 1}", "name": n, "posts": p, **({"gender": "F"} if i == 5
                                                                      else {})}
                       for i, (n, p) in enumerate(zip(names, posts, strict=True))],
        "rounds": [{"id": "r1", "kind": "regular", "attendance": {"registered": 40},
                    "ballots_issued": 30, "ballots_returned": 30,
                    "totals": {"chair": {"invalid": 0, "yes": {"c1": 20, "c2": 10}},
                               "vice_chair": {"invalid": 0, "yes": {"c3": 18, "c4": 9}},
                               "member": {"invalid": 0, "yes": {"c5": 20, "c6": 9}}}}],
    }


def village_result(**member: Any) -> dict[str, Any]:
    """The RECORD.md result with main's additions: carried votes, write-ins for nobody."""
    tally = [
        {"id": "c5", "name": "方圆", "yes": 20, "no": 0, "abstain": 10, "votes": 20,
         "status": "elected"},
        {"id": "c2", "name": "马力", "yes": 0, "votes": 10, "carried": {"chair": 10},
         "status": "not_elected"},
        {"id": "c6", "name": "叶红", "yes": 3, "no": 0, "abstain": 27, "votes": 12,
         "carried": {"chair": 0, "vice_chair": 9}, "status": "not_elected"},
        {"name": "赵六", "write_in": True, "yes": 2, "votes": 2, "status": "not_elected"},
    ]
    return {
        "format": "jipiao.result/1",
        "rounds": [{
            "id": "r1", "status": "counted",
            "checks": [{"code": "turnout", "ok": True, "actual": 30, "required": 21,
                        "text": "参加投票30户，超过登记户40户的一半"},
                       {"code": "women_member", "ok": False, "actual": 0, "required": 1,
                        "text": "当选人中没有女性成员"}],
            "posts": {
                "chair": {"seats": 1, "threshold": 16, "sections_valid": 30,
                          "sections_invalid": 0, "elected": ["c1"], "tie": None, "unfilled": 0,
                          "tally": [{"id": "c1", "name": "丁一", "yes": 20, "no": 0,
                                     "abstain": 10, "votes": 20, "status": "elected"}]},
                "vice_chair": {"seats": 1, "threshold": 16, "sections_valid": 30,
                               "sections_invalid": 0, "elected": ["c3"], "tie": None,
                               "unfilled": 0,
                               "tally": [{"id": "c3", "name": "王建国", "yes": 12, "no": 0,
                                          "abstain": 18, "votes": 18,
                                          "carried": {"chair": 6}, "status": "elected"}]},
                "member": {"seats": 2, "threshold": 16, "sections_valid": 30,
                           "sections_invalid": 0, "elected": ["c5"], "tie": None,
                           "unfilled": 1, "tally": tally, **member},
            },
        }],
        "outcome": {"status": "needs_round", "elected": {"chair": ["c1"],
                                                         "vice_chair": ["c3"],
                                                         "member": ["c5"]},
                    "vacant": {},
                    "next_round": {"kind": "supplementary", "posts": {"member": {
                        "seats": 1, "candidates": ["c6", "c8"],
                        "note": "叶红为得票最多的女性，依规定列入"}}}},
    }


def test_report_cascade_votes_and_write_ins_for_nobody(pdf_text: Text) -> None:
    nobody = [{"name": "赵六", "count": 2, "reason": "not_committee_member",
               "text": "赵六不是新当选的委员，另选无效"},
              {"name": "钱七", "count": 1, "reason": "no_no_mark", "text": "…"}]
    pdf = render_report(village_record(), village_result(write_ins_for_nobody=nobody))
    raw = pdf_text(pdf)
    text = squash(raw)
    # where a lower post's votes came from, by the record's post names
    assert "18（含主任票6票）" in text
    assert "12（含副主任票9票）" in text  # a zero entry names no post
    assert "10（含主任票10票）" in text
    # a person there by carried votes alone is not a write-in; 赵六 is
    assert "马力（另选）" not in text and "赵六（另选）" in text
    assert re.search(r"马力\s+0\s+—\s+—\s+10（含主任票10票）\s+未当选", raw)
    # plain tables (主任) keep their four columns
    assert re.search(r"丁一\s+20\s+0\s+10\s+当选", raw)
    assert "另选无效：赵六2票（不是新当选的委员）；钱七1票（未对候选人投不赞成票）" in text
    # the next round's list says why someone is on it
    assert ("须另行选举：委员1名，候选人（按姓氏笔画为序）：叶红、冯雪"
            "（叶红为得票最多的女性，依规定列入）。") in text
    # a failed check that does not void the round is listed, and the round still counts
    assert "【不符合】当选人中没有女性成员" in text
    assert "本轮选举无效" not in text
    assert "登记选民" in text and "登记户数" not in text
    # the date line stays with the signatures
    last = squash(pdf_text(pdf, page_count(pdf)))
    assert "主持人（签名）" in last and last.index("年月日") > last.index("主持人（签名）")


def test_report_households_mode_counts_households(pdf_text: Text) -> None:
    record = village_record({"electorate_mode": "households"})
    raw = pdf_text(render_report(record, village_result()))
    assert "登记户数参加投票户数发出选票" in squash(raw) and "登记选民" not in raw
    assert re.search(r"登记户数\s+参加投票户数.*\n\s*\n\s*40\s+30\s+30\s+30\s+0", raw)


def test_report_needs_nomination(pdf_text: Text) -> None:
    result = village_result()
    result["outcome"]["next_round"] = {"kind": "supplementary", "posts": {"vice_chair": {
        "seats": 1, "candidates": [], "needs_nomination": True}}}
    text = squash(pdf_text(render_report(village_record(), result)))
    assert ("须另行选举：副主任1名，须由组织者提名候选人"
            "（已当选委员中无人获得该职位选票）。") in text


def test_report_tie_break_loser_is_not_elected(pdf_text: Text) -> None:
    record = counted_party_record()
    record["rounds"].append({"id": "r2", "kind": "tie_break",
                             "attendance": {"entitled": 60, "present": 55},
                             "posts": {"member": {"seats": 1, "candidates": ["c02", "c05"]}},
                             "ballots_issued": 55, "ballots_returned": 55,
                             "totals": {"member": {"invalid": 0,
                                                   "yes": {"c02": 30, "c05": 25}}}})
    result = result_of(record)
    tally = result["rounds"][-1]["posts"]["member"]["tally"]
    for status in ("not_elected", "qualified"):  # main's label, and an older result's
        tally[1]["status"] = status
        raw = pdf_text(render_report(record, result))
        assert re.search(r"方圆\s+25\s+0\s+30\s+未当选", raw), raw
        assert "名额已满" not in squash(raw) and "过半" not in squash(raw)


def two_round_record() -> dict[str, Any]:
    """counted_party_record, then the tie-break: 王建国 (c02) 40, 方圆 (c05) 15."""
    record = counted_party_record()
    record["rounds"].append({
        "id": "r2", "kind": "tie_break", "attendance": {"entitled": 60, "present": 55},
        "posts": {"member": {"seats": 1, "candidates": ["c02", "c05"]}},
        "ballots_issued": 55, "ballots_returned": 55,
        "totals": {"member": {"invalid": 0, "yes": {"c02": 40, "c05": 15}}},
    })
    return record


def test_election_report_holds_every_round_and_the_final_list(
    pdf_text: Text, qr_codes: Callable[[bytes], list[str]]
) -> None:
    from ballots.documents.report import render_election_report

    record = two_round_record()
    result = result_of(record)
    assert result["outcome"]["status"] == "complete"
    url = "https://jipiao.example.cn/p/42/record.json"
    pdf = render_election_report(record, result, options=ReportOptions(
        published_url=url, organisation="幸福街道"))
    text = squash(pdf_text(pdf))
    assert "全部2轮：第1轮选举、第2轮重新投票" in text
    assert text.index("第1轮（r1）选举") < text.index("第2轮（r2）重新投票")
    # each round's table: 叶红 in r1 only, 王建国 in both
    assert re.search(r"叶红\s+20\s+30\s+3\s+未当选", pdf_text(pdf))
    assert re.search(r"王建国\s+40\s+0\s+15\s+当选", pdf_text(pdf))
    # the final list in 姓氏笔画 order: 丁一 马力 王建国 田野 冯雪
    assert "选举结果（按姓氏笔画为序）：委员：丁一、马力、王建国、田野、冯雪" in text
    assert text.count("总监票人（签名）") == 1  # one signed form
    sha = record_digest(record)
    assert sha in text and url in text
    assert qr_codes(pdf) == [f"{url}#sha256={sha}"]
    # the per-round form stays
    one = squash(pdf_text(render_report(record, result, round_id="r1")))
    assert "第1轮（r1）选举" in one and "第2轮" not in one
