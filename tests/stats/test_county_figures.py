"""CAMPAIGN.md §4 against the hand-computed county of tests/stats/county.py: every figure of
the summary, per unit and rolled up, with the previous term beside it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from stats import Counts, figures, previous_counts, roster, summary_text, tree_counts
from tests.stats.county import EAST, UNITS, WEST

ROLLED = tree_counts(UNITS)
COUNTY = {f.key: f for f in figures(ROLLED[1])}

# key → text, each worked out by hand in the comment beside it.
EXPECTED = {
    "townships": "2", "villages": "2", "communities": "1", "units_done": "3",
    "registered": "3500", "voted": "2800", "turnout": "80.0%",          # 2800/3500
    "expected": "120", "present": "106", "attendance": "88.3%",         # 106/120 = 88.33
    "committee_first_round_rate": "33.3%",   # 东村 only: 西村 tie-break, 花园 另行选举
    "party_first_round_rate": "100.0%",      # 3 of 3 党员大会 (the plenary is no election held)
    "committee_surplus": "77.8%",            # (16 − 9) / 9
    "party_surplus": "30.0%",                # (13 − 10) / 10
    "direct_elections": "2", "direct_rate": "66.7%",                    # 东村, 花园 of 3
    "party_secretary": "3", "party_deputy": "0", "party_member": "8",
    "committee_chair": "3", "committee_vice_chair": "1", "committee_member": "5",
    "supervisory_chair": "1", "supervisory_member": "1",
    "two_people": "13",                      # 4 + 5 + 4 distinct people on the 两委
    "two_mean_age": "42.3",                  # 507 / 12 (钱八's birth date unknown)
    "two_under_35": "4", "two_under_35_rate": "30.8%",    # 李二 (35 that day), 赵四, 陈十一, 卫十三
    "two_under_40": "6", "two_under_40_rate": "46.2%",    # + 吴六 (37), 孙九 (36)
    "two_college": "7", "two_college_rate": "53.8%",
    "two_women": "2", "two_women_rate": "15.4%",          # 赵四, 吴六
    "two_minorities": "2",                                 # 张三 回族, 郑七 壮族
    "two_party_members": "8", "two_party_members_rate": "61.5%",  # 吴六 预备党员 included
    "two_reelected": "7", "two_new": "6", "two_new_rate": "46.2%",
    "party_people": "8", "committee_people": "9", "supervisory_people": "2",
    "supervisory_mean_age": "51.0", "supervisory_reelected": "1", "supervisory_new": "1",
    "units_elected": "3", "one_shoulder": "2", "one_shoulder_rate": "66.7%",  # 东村, 花园
    "one_shoulder_missed": "1",                                          # 西村
    "cross": "4", "cross_rate": "30.8%",     # 王一, 李二 (东村), 郑七 (西村), 冯十 (花园)
    "units_with_woman": "2", "units_with_woman_rate": "66.7%",          # not 花园社区
}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_every_county_figure(key: str) -> None:
    assert COUNTY[key].text == EXPECTED[key]


def test_a_township_rolls_up_its_villages_only() -> None:
    town = {f.key: f.text for f in figures(ROLLED[2])}
    assert town["registered"] == "1500" and town["turnout"] == "86.7%"  # 1300/1500
    assert town["committee_first_round_rate"] == "50.0%"
    assert town["one_shoulder"] == "1" and town["one_shoulder_missed"] == "1"
    assert ROLLED[1] == ROLLED[2] + ROLLED[3]  # each 乡镇 counts itself


def test_a_unit_without_data_shows_a_dash_not_zero_percent() -> None:
    assert {f.key: f.text for f in figures(Counts())}["turnout"] == "—"


def test_the_summary_with_every_x_filled() -> None:
    assert summary_text(ROLLED[1]) == (
        "全县辖2个乡镇（街道），2个行政村、1个社区，已有3个村（社区）完成换届。"
        "全县登记选民3500人，参加投票2800人，参选率达80.0%；"
        "党员大会应到120人，实到106人，到会率88.3%。"
        "村（居）委会一次选举成功率33.3%，党组织一次选举成功率100.0%；"
        "村（居）委会差额比例77.8%，党组织差额比例30.0%。"
        "直接选举产生党组织书记2名，直选比例66.7%。"
        "选举产生村（社区）党组织书记3名、副书记0名、委员8名，"
        "村（居）委会主任3名、副主任1名、委员5名，监督委员会主任1名、委员1名。"
        "新一届“两委”班子成员13名，平均年龄42.3岁，35岁以下4名（占30.8%），"
        "40岁以下6名（占46.2%），大专及以上文化程度7名（占53.8%），女性2名（占15.4%），"
        "少数民族2名，中共党员8名（占61.5%）；连任7名，新当选6名（占46.2%）。"
        "书记、主任“一肩挑”的村（社区）2个，占66.7%；“两委”交叉任职4人，占30.8%；"
        "“两委”班子中有女性成员的村（社区）2个，占66.7%。")


def test_the_previous_term_beside_each_figure() -> None:
    county = replace(UNITS[0], previous={"registered": 3400, "voted": 2600, "two_people": 14,
                                         "two_women": 1, "cross": 4})
    before = previous_counts((county, *UNITS[1:]))
    shown = {f.key: f for f in figures(ROLLED[1], before[1])}
    assert (shown["turnout"].previous_text, shown["turnout"].trend) == ("76.5%", "升")
    assert (shown["two_women_rate"].previous_text, shown["two_women_rate"].trend) == ("7.1%",
                                                                                      "升")
    assert (shown["cross"].previous_text, shown["cross"].trend) == ("4", "持平")
    assert shown["attendance"].trend is None  # not entered: no 0 % to compare with


def test_a_previous_term_entered_per_village_is_summed_upwards() -> None:
    east = replace(EAST, previous={"registered": 900, "voted": 850})
    west = replace(WEST, previous={"registered": 450, "voted": 300})
    units = [east if u.id == 4 else west if u.id == 5 else u for u in UNITS]
    before = previous_counts(units)
    assert before[2]["registered"] == 1350 and before[1]["voted"] == 1150
    assert 6 not in before  # 花园社区 entered nothing


def test_the_roster_lists_every_seat_with_its_person() -> None:
    rows = roster(UNITS)
    # once per person and committee: 王一, 冯十 are 书记 (not also 委员); 周五 the plenary's 书记
    assert len(rows) == 3 + 3 + 2 + 3 + 3 + 2 + 3
    assert [(r.name, r.post) for r in rows if r.unit == "西村"][:3] == [
        ("周五", "党组织书记"), ("吴六", "党组织委员"), ("郑七", "党组织委员")]
    wang = [r.cells() for r in rows if r.name == "王一"]
    assert wang[0] == ("东村", "王一", "男", 46, "汉族", "中共党员", "大专", "党组织书记", 35, 100,
                       "否", "是")
    li = next(r for r in rows if r.name == "李二" and r.post == "村委会委员")
    assert (li.age, li.first_elected, li.reelected) == (35, True, False)


def test_a_township_summary_names_its_villages_not_itself() -> None:
    text = summary_text(ROLLED[2], "township")
    assert text.startswith("全乡镇（街道）辖2个行政村、0个社区，已有2个村（社区）完成换届。"
                           "全乡镇（街道）登记选民1500人，参加投票1300人，参选率达86.7%")
