"""The county summary of seed 001 ("全县辖X个乡镇,X个行政村 … 参选率达X%。一次选举成功率X%。
选举产生村(居)委会主任X名 …") with every X computed (CAMPAIGN.md §4)."""

from __future__ import annotations

from stats.counts import Counts
from stats.figures import SPEC_BY_KEY, figure

TEMPLATE = (
    "{head}{villages}个行政村、{communities}个社区，已有{units_done}个村（社区）完成换届。"
    "全{area}登记选民{registered}人，参加投票{voted}人，参选率达{turnout}；"
    "党员大会应到{expected}人，实到{present}人，到会率{attendance}。"
    "村（居）委会一次选举成功率{committee_first_round_rate}，"
    "党组织一次选举成功率{party_first_round_rate}；"
    "村（居）委会差额比例{committee_surplus}，党组织差额比例{party_surplus}。"
    "直接选举产生党组织书记{direct_elections}名，直选比例{direct_rate}。"
    "选举产生村（社区）党组织书记{party_secretary}名、副书记{party_deputy}名、"
    "委员{party_member}名，村（居）委会主任{committee_chair}名、副主任{committee_vice_chair}名、"
    "委员{committee_member}名，监督委员会主任{supervisory_chair}名、"
    "委员{supervisory_member}名。"
    "新一届“两委”班子成员{two_people}名，平均年龄{two_mean_age}岁，"
    "35岁以下{two_under_35}名（占{two_under_35_rate}），40岁以下{two_under_40}名"
    "（占{two_under_40_rate}），大专及以上文化程度{two_college}名（占{two_college_rate}），"
    "女性{two_women}名（占{two_women_rate}），少数民族{two_minorities}名，"
    "中共党员{two_party_members}名（占{two_party_members_rate}）；"
    "连任{two_reelected}名，新当选{two_new}名（占{two_new_rate}）。"
    "书记、主任“一肩挑”的村（社区）{one_shoulder}个，占{one_shoulder_rate}；"
    "“两委”交叉任职{cross}人，占{cross_rate}；"
    "“两委”班子中有女性成员的村（社区）{units_with_woman}个，占{units_with_woman_rate}。"
)
AREA = {"county": "县", "township": "乡镇（街道）"}


def summary_text(counts: Counts, kind: str = "county") -> str:
    """The summary of a 县 ("全县辖X个乡镇（街道），X个行政村…") or of a 乡镇/街道."""
    values = {k: figure(spec, counts).text for k, spec in SPEC_BY_KEY.items()}
    area = AREA.get(kind, "县")
    head = (f"全县辖{values['townships']}个乡镇（街道），" if area == "县"
            else f"全{area}辖")
    return TEMPLATE.format(area=area, head=head, **values)
