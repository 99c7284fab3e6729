"""选票: names in 姓氏笔画 order, instructions from the rules, identical copies, the QR, pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC
from typing import Any

import pytest
from printkit import IN_STROKE_ORDER, counted_party_record, page_count, party_record, result_of

from ballots.content import BallotOptions, split_page
from ballots.documents.ballot import ballot_geometry, render_ballots, render_next_round_ballots
from ballots.errors import DocumentError
from ballots.instructions import SectionFacts, ballot_instructions
from ballots.pdf import PdfMeta
from counting.rules import Body, Rules, rules_for

Text = Callable[..., str]


def squash(text: str) -> str:
    """Text without spaces/line breaks, so a sentence wrapped over lines can be found."""
    return re.sub(r"\s+", "", text)


def positions(text: str, names: tuple[str, ...]) -> list[int]:
    return [text.index(n) for n in names]


def test_names_in_stroke_order_and_all_present(pdf_text: Text) -> None:
    text = pdf_text(render_ballots(party_record(), "r1"))
    found = positions(squash(text), IN_STROKE_ORDER)
    assert found == sorted(found), squash(text)
    assert "中共幸福社区支部委员会委员选举票" in squash(text)


def test_instructions_follow_the_rules(pdf_text: Text) -> None:
    record = party_record(secretary=True, rules={"secretary_mode": "direct"})
    text = squash(pdf_text(render_ballots(record, "r1")))
    # ○ and × are vector shapes, so the sentences are read without them.
    for sentence in (
        "本选票书记应选1名，候选人1名；委员应选5名，候选人8名。",
        "对候选人赞成的，在其姓名下方的空格内画“”；不赞成的，画“”；弃权的，不画任何符号。",
        "如另选他人，在“另选他人”栏内写上其姓名，并在姓名下方的空格内画“”；"
        "只写姓名不画“”的，该另选无效。",
        "某一栏赞成（含另选他人）的人数多于该栏应选人数的，该栏无效，其他栏仍然有效。",
        "选为书记的，必须同时在委员栏内对其画“”（或另选其为委员），否则本选票无效。",
        "符号要准确，字迹要清楚；不能辨认的符号无效。",
    ):
        assert sentence in text, sentence
    assert text.index("书记（应选1名）") < text.index("委员（应选5名）")


def test_indirect_mode_has_no_secretary_rule_and_village_write_ins_count_yes(
    pdf_text: Text,
) -> None:
    lenient = {"secretary_mode": "direct", "secretary_requires_member_mark": False}
    text = squash(pdf_text(render_ballots(party_record(secretary=True, rules=lenient), "r1")))
    assert "书记（应选1名）" in text
    assert "必须同时在委员栏内" not in text
    record = party_record()
    record["election"]["body"] = "villagers_committee"
    record["rounds"][0]["attendance"] = {"registered": 900}
    text = squash(pdf_text(render_ballots(record, "r1")))
    assert "只写姓名不画符号的，视为赞成。" in text


def test_write_in_columns_per_post(pdf_text: Text) -> None:
    text = pdf_text(render_ballots(party_record(seats=5), "r1"))
    assert text.count("另选他人") == 5 + 3  # five columns, and three times in the 说明


def test_tie_break_ballot_has_only_the_tied_and_its_own_title(pdf_text: Text) -> None:
    record = counted_party_record()
    pdf = render_next_round_ballots(record, result_of(record), copies=4)
    text = squash(pdf_text(pdf))
    assert "中共幸福社区支部委员会委员重新投票选票" in text
    assert text.index("王建国") < text.index("方圆")  # 王 before 方 (RULES.md §7)
    for other in ("丁一", "马力", "田野", "冯雪", "叶红", "文明"):
        assert other not in text
    assert "另选他人" not in text
    assert "本次为得票相等候选人的重新投票：委员应选1名，候选人2名，得票多的当选。" in text


def test_no_next_round_when_complete() -> None:
    record = counted_party_record()
    result = result_of(record)
    result["outcome"] = {"status": "complete", "elected": {}, "vacant": {}, "next_round": None}
    with pytest.raises(DocumentError) as err:
        render_next_round_ballots(record, result)
    assert err.value.code == "no_next_round"


def test_copies_are_one_form_placed_n_times(pdf_text: Text) -> None:
    record = party_record(names=IN_STROKE_ORDER[:6], seats=3)
    one = render_ballots(record, "r1", copies=1)
    many = render_ballots(record, "r1", copies=7)
    # RULES.md §5: no serial, nothing that differs between copies — one drawing, reused.
    assert many.count(b"/Subtype /Form") == one.count(b"/Subtype /Form") == 1
    per_page = 2  # this ballot fits half an A4 sheet
    assert page_count(many) == -(-7 // per_page)
    assert squash(pdf_text(many)).count("中共幸福社区支部委员会委员选举票") == 7


def test_small_ballot_four_to_a_page_with_cut_marks(pdf_text: Text) -> None:
    record = counted_party_record()
    pdf = render_next_round_ballots(record, result_of(record), copies=5)
    assert page_count(pdf) == 2  # 4 + 1
    assert squash(pdf_text(pdf, page=1)).count("监票人签章") == 4
    assert squash(pdf_text(pdf, page=2)).count("监票人签章") == 1


def test_long_list_paginates_without_blank_pages(pdf_text: Text) -> None:
    surnames = "丁马王文方叶田冯白包司刘陈杨赵黄周吴徐孙朱胡郭何高林罗梁宋郑"
    names = tuple(s + g for g in "国华" for s in surnames)
    assert len(names) == 60
    pdf = render_ballots(party_record(names=names, seats=45), "r1", copies=2)
    pages = page_count(pdf)
    assert pages == 4  # two A4 pages a ballot, two ballots
    for page in range(1, pages + 1):
        assert squash(pdf_text(pdf, page=page)), f"page {page} is blank"
    text = squash(pdf_text(pdf))
    assert all(text.count(n) == 2 for n in names)
    assert "第1页共2页" in text and "委员（应选45名，续）" in text
    assert text.count("监票人签章") == 4  # every sheet can be stamped


def test_fingerprint_qr_decodes_and_identifies_the_candidate_list(
    qr_codes: Callable[[bytes], list[str]],
) -> None:
    record = counted_party_record()
    codes = qr_codes(render_next_round_ballots(record, result_of(record), copies=4))
    assert len(codes) == 4 and len(set(codes)) == 1  # four copies on the page, one payload
    assert re.fullmatch(r"jipiao:ballot\?v=1&e=xingfu-2026&r=r2&h=[0-9a-f]{20}", codes[0])
    codes = qr_codes(render_ballots(party_record(), "r1"))
    assert re.fullmatch(r"jipiao:ballot\?v=1&e=xingfu-2026&r=r1&h=[0-9a-f]{20}", codes[0])
    changed = party_record(names=("丁一", "马力", "王建国", "文明", "方圆", "叶红", "田野", "冯霞"))
    assert qr_codes(render_ballots(changed, "r1"))[0] != codes[0]


def test_each_page_of_a_long_ballot_names_its_page_in_the_qr(
    qr_codes: Callable[[bytes], list[str]],
) -> None:
    surnames = "丁马王文方叶田冯白包司刘陈杨赵黄周吴徐孙朱胡郭何高林罗梁宋郑"
    record = party_record(names=tuple(s + g for g in "国华" for s in surnames), seats=45)
    codes = qr_codes(render_ballots(record, "r1", copies=2))
    fingerprint = ballot_geometry(record, "r1").fingerprint
    # Two copies of two pages: the same payload on every copy of a page (no serial).
    assert codes == [f"{fingerprint}&p={n}&n=2" for n in (1, 2)] * 2
    assert [split_page(c) for c in codes[:2]] == [(fingerprint, 1, 2), (fingerprint, 2, 2)]
    assert split_page(fingerprint) == (fingerprint, None, None)


def test_without_qr(qr_codes: Callable[[bytes], list[str]]) -> None:
    pdf = render_ballots(party_record(), "r1", options=BallotOptions(fingerprint_qr=False))
    assert qr_codes(pdf) == []


def test_deterministic_bytes_and_fixed_creation_date() -> None:
    from datetime import datetime

    assert render_ballots(party_record(), "r1", copies=3) == render_ballots(
        party_record(), "r1", copies=3)
    meta = PdfMeta(created=datetime(2026, 11, 23, 9, 30, tzinfo=UTC))
    dated = render_ballots(party_record(), "r1", options=BallotOptions(meta=meta))
    assert b"D:20261123093000+00'00'" in dated
    assert dated == render_ballots(party_record(), "r1", options=BallotOptions(meta=meta))


@pytest.mark.parametrize("copies", [0, -1, 100_001])
def test_bad_copies(copies: int) -> None:
    with pytest.raises(DocumentError) as err:
        render_ballots(party_record(), "r1", copies=copies)
    assert err.value.code == "invalid_copies"


def test_unknown_round() -> None:
    with pytest.raises(DocumentError) as err:
        render_ballots(party_record(), "r9")
    assert err.value.code == "unknown_round"
    assert "r9" in err.value.zh and "r9" in err.value.en


def test_identical_names_carry_their_note(pdf_text: Text) -> None:
    record = party_record(names=("王伟", "王伟", "丁一", "马力", "文明", "方圆"), seats=3)
    with pytest.raises(DocumentError) as err:
        render_ballots(record, "r1")
    assert err.value.code == "duplicate_names"
    record["candidates"][0]["note"] = "1965年生"
    record["candidates"][1]["note"] = "1978年生"
    text = squash(pdf_text(render_ballots(record, "r1")))
    assert text.count("王伟") == 2  # the note goes on its own line under the name
    assert "（1965年生）" in text and "（1978年生）" in text


def test_village_supplementary_round_instructions(pdf_text: Text) -> None:
    import json
    from pathlib import Path

    sample = Path("/work/shared/samples/village_supplementary_third.record.json")
    if not sample.exists():
        pytest.skip("shared samples not present")
    record = json.loads(sample.read_text(encoding="utf-8"))
    text = squash(pdf_text(render_ballots(record, "r2")))
    assert "委员另行选举选票" in text
    assert ("本次为另行选举：委员应选1名，候选人2名，"
            "得票多且不少于所投选票数三分之一的当选。") in text
    assert text.index("周敏") < text.index("赵军")  # 周 8 strokes, 赵 9


def test_reserved_women_seat_and_cascade_instructions(pdf_text: Text) -> None:
    record = party_record(names=("丁一", "马力", "王建国", "文明", "方圆"), seats=3)
    record["election"]["body"] = "villagers_committee"
    record["election"]["rules"] = {"women_seat_mode": "reserved_seat",
                                   "multi_post_mode": "cascade"}
    record["posts"] = [{"id": "chair", "name": "主任", "seats": 1},
                       {"id": "member", "name": "委员", "seats": 2},
                       {"id": "women", "name": "妇女委员", "seats": 1, "women_only": True}]
    posts = [["chair"], ["chair"], ["member"], ["member"], ["member"]]
    for candidate, post in zip(record["candidates"], posts, strict=True):
        candidate["posts"] = post
    record["candidates"] += [
        {"id": "w1", "name": "叶红", "gender": "F", "posts": ["women"]},
        {"id": "w2", "name": "田野", "gender": "F", "posts": ["women"]},
    ]
    record["rounds"][0]["attendance"] = {"registered": 900}
    text = squash(pdf_text(render_ballots(record, "r1")))
    assert "妇女委员（限女性，应选1名）" in text
    assert "妇女委员只能从女性中选出。" in text
    assert "候选人未当选较高职位的，其在较高职位栏所得赞成票，计入其在较低职位的得票。" in text
    assert "某一栏赞成（含另选他人）的人数多于该栏应选人数的，该栏无效，其他栏仍然有效。" in text


def village_sheet(*posts: tuple[str, str, int]) -> dict[str, Any]:
    """A 村委会 record with one post section per (id, name, seats), two candidates each more."""
    record = party_record(names=("丁一", "马力", "王建国", "文明", "方圆", "叶红", "田野"))
    record["election"]["body"] = "villagers_committee"
    record["rounds"][0]["attendance"] = {"registered": 900}
    record["posts"] = [{"id": i, "name": n, "seats": k} for i, n, k in posts]
    ids = [p[0] for p in posts]
    for candidate in record["candidates"]:
        candidate["posts"] = ids
    return record


HIGHEST_ONLY = "同一人在多个职位栏内均被选的，只计其中最高职位的一票。"


def test_one_person_one_post_sentence_only_on_multi_post_village_sheets(pdf_text: Text) -> None:
    # RULES.md §3 same_person_multi_post: highest_only by default for 村/居, all for party.
    several = village_sheet(("chair", "主任", 1), ("member", "委员", 3))
    assert HIGHEST_ONLY in squash(pdf_text(render_ballots(several, "r1")))
    one = village_sheet(("member", "委员", 5))
    assert HIGHEST_ONLY not in squash(pdf_text(render_ballots(one, "r1")))
    party = party_record(secretary=True, rules={"secretary_mode": "direct"})
    assert HIGHEST_ONLY not in squash(pdf_text(render_ballots(party, "r1")))


def facts(post: str, role: str, write_ins: int) -> SectionFacts:
    return SectionFacts(post, role, 1, 2, write_ins, False)


NO_MARK_MULTI = ("对某职位的候选人投不赞成票的，方可在该职位栏内另选他人；"
                 "未投不赞成票而另选的，另选无效。")
NO_MARK_SINGLE = "对候选人投不赞成票的，方可另选他人；未投不赞成票而另选的，另选无效。"


def test_instructions_per_setting() -> None:
    two = [facts("主任", "chair", 1), facts("委员", "member", 3)]
    body: Body = "villagers_committee"

    def said(rules: Rules, sections: list[SectionFacts], kind: str = "regular") -> str:
        return "".join(ballot_instructions(body, rules, kind, sections))

    assert HIGHEST_ONLY in said(rules_for(body), two)
    assert HIGHEST_ONLY not in said(rules_for(body, {"same_person_multi_post": "all"}), two)
    assert HIGHEST_ONLY not in said(rules_for(body), two[1:])
    assert "方可" not in said(rules_for(body, {"writein_requires_no_mark": False}), two)
    assert NO_MARK_MULTI in said(rules_for(body, {"writein_requires_no_mark": True}), two)
    assert NO_MARK_SINGLE in said(rules_for(body, {"writein_requires_no_mark": True}), two[1:])
    # A tie-break sheet has no 另选他人 columns: nothing to say about write-ins.
    no_columns = [facts("主任", "chair", 0), facts("委员", "member", 0)]
    after_no = rules_for(body, {"writein_requires_no_mark": True})
    assert "另选" not in said(after_no, no_columns, "tie_break")
    # The sentences are numbered in order, one each.
    lines = ballot_instructions(body, after_no, "regular", two)
    assert [line.split(". ", 1)[0] for line in lines] == [str(i) for i in range(1, len(lines) + 1)]
    assert sum(NO_MARK_MULTI in line for line in lines) == 1


def test_no_next_round_ballot_before_the_organiser_nominates() -> None:
    record = party_record(secretary=True, rules={"secretary_mode": "direct"})
    result = {"rounds": [{"id": "r1", "status": "counted", "checks": [], "posts": {}}],
              "outcome": {"status": "needs_round", "elected": {}, "vacant": {}, "next_round": {
                  "kind": "supplementary", "posts": {"secretary": {
                      "seats": 1, "candidates": [], "needs_nomination": True}}}}}
    with pytest.raises(DocumentError) as err:
        render_next_round_ballots(record, result)
    assert err.value.code == "needs_nomination"
    assert "书记须由组织者提名候选人" in err.value.zh
