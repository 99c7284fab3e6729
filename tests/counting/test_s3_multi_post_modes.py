"""RULES.md §3 — multi-post sheets: `separate` (default) and `cascade` give different winners."""

from __future__ import annotations

from recordkit import ballot, candidate, elected, name_of, post, post_of, record, result_of, round_
from villagekit import village, yes

from counting import parse_record


def people() -> list[dict]:
    """c02 stands for 主任 and 副主任; the others for one post each."""
    out = [
        candidate("c01", name_of(1), ["chair"]),
        candidate("c02", name_of(2), ["chair", "vice_chair"]),
    ]
    out += [candidate(f"c{i:02}", name_of(i), ["vice_chair"]) for i in (3, 4)]
    out += [candidate(f"c{i:02}", name_of(i), ["member"]) for i in range(5, 10)]
    return out


# 600 voted: the threshold is 301 in every contest.
TOTALS = {
    "chair": yes(c01=340, c02=250),
    "vice_chair": yes(c02=200, c03=320, c04=50),
    "member": yes(c05=400, c06=400, c07=300, c08=100, c09=90),
}


def counted(mode: str | None) -> dict:
    rules = {"multi_post_mode": mode} if mode else {}
    return result_of(village(TOTALS, returned=600, people=people(), rules=rules))


def test_separate_is_the_default_each_post_on_its_own() -> None:
    doc = village(TOTALS, returned=600, people=people())
    assert parse_record(doc).rules.multi_post_mode == "separate"
    result = counted(None)
    assert elected(result, "chair") == {"c01"}
    assert elected(result, "vice_chair") == {"c03"}  # 320 against c02's 200
    assert elected(result, "member") == {"c05", "c06"}  # c07's 300 < 301
    assert post_of(result, "member")["unfilled"] == 1


def test_cascade_carries_higher_votes_down_and_elects_others() -> None:
    result = counted("cascade")
    assert elected(result, "chair") == {"c01"}
    # 副主任: c02 has 200 + 250 (主任) = 450 > c03's 320
    assert elected(result, "vice_chair") == {"c02"}
    vice = {row["id"]: row for row in post_of(result, "vice_chair")["tally"]}
    assert (vice["c02"]["yes"], vice["c02"]["votes"]) == (200, 450)
    assert "c01" not in vice  # elected 主任: a 主任 vote counts only for 主任
    # 委员: c03 brings 320 副主任 votes into the 委员 contest and passes c07 (300)
    member = {row["id"]: row for row in post_of(result, "member")["tally"]}
    assert member["c03"]["votes"] == 320 and member["c03"]["yes"] == 0
    assert "c02" not in member  # elected higher: leaves the lower contests
    assert elected(result, "member") == {"c05", "c06", "c03"}
    assert result["outcome"]["status"] == "complete"


def test_cascade_over_vote_limit_still_applies_per_post() -> None:
    over = ballot(
        {
            "chair": {"c01": "yes", "c02": "yes"},
            "vice_chair": {"c03": "yes"},
            "member": {"c05": "yes", "c06": "yes", "c07": "yes"},
        }
    )
    good = ballot(
        {
            "chair": {"c01": "yes"},
            "vice_chair": {"c03": "yes"},
            "member": {"c05": "yes", "c06": "yes", "c07": "yes"},
        }
    )
    doc = record(
        "villagers_committee",
        [post("chair", 1), post("vice_chair", 1), post("member", 3)],
        people(),
        [round_({"registered": 10}, ballots=[over] * 2 + [good] * 4)],
        {"multi_post_mode": "cascade"},
    )
    result = result_of(doc)
    chair, vice = post_of(result, "chair"), post_of(result, "vice_chair")
    assert (chair["sections_valid"], chair["sections_invalid"]) == (4, 2)
    assert (vice["sections_valid"], vice["sections_invalid"]) == (6, 0)
    # the void 主任 section carries nothing down: c02 has no votes at all
    votes = {row["id"]: row.get("votes") for row in vice["tally"]}
    assert votes["c02"] == 0 and votes["c03"] == 6
    assert elected(result, "chair") == {"c01"}
