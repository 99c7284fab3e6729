"""RULES.md §3 — women: a `women_only` post elects women only; a complete 村/居 outcome with
no woman elected carries a failed `women_member` check; the 另行选举 list says why a woman
was added."""

from __future__ import annotations

from recordkit import ballot, candidate, check, elected, post, post_of, record, result_of, round_
from recordkit import statuses as status_of

from counting.explain import explain


def reserved(ballots: list[dict]) -> dict:
    return record(
        "villagers_committee",
        [post("chair", 1), post("member", 1),
         post("women", 1, "妇女委员", role="member", women_only=True)],
        [candidate("c01", "王建国", ["chair"]), candidate("c02", "李明", ["chair"]),
         candidate("c03", "张伟", ["member"]), candidate("c04", "赵军", ["member"]),
         candidate("c05", "刘芳", ["women"], "F"), candidate("c06", "周敏", ["women"], "F"),
         candidate("c07", "吴强", ["women"], "M")],  # a man on the list: refused by the service
        [round_({"registered": len(ballots)}, ballots=ballots)],
        {"women_seat_mode": "reserved_seat"},
    )


def vote(women: dict[str, str] | None = None, write_ins: list | None = None) -> dict:
    return ballot({"chair": {"c01": "yes"}, "member": {"c03": "yes"}, "women": women or {}},
                  {"women": write_ins} if write_ins else None)


def test_a_man_on_a_women_only_post_is_never_elected() -> None:
    result = result_of(reserved([vote({"c07": "yes"})] * 6 + [vote({"c05": "yes"})] * 4))
    women = post_of(result, "women")
    assert status_of(women)["c07"] == "not_elected"
    assert elected(result, "women") == set()  # 刘芳 4 of 10 is not a majority
    assert not check(result, "women_only")["ok"]


def test_the_seats_go_to_women_even_when_a_man_has_more_votes() -> None:
    doc = reserved([vote({"c07": "yes", "c05": "yes"})] * 7 + [vote({"c07": "yes"})] * 1
                   + [vote({"c06": "yes"})] * 2)
    doc["posts"][2]["seats"] = 2  # 吴强 8, 刘芳 7, 周敏 2 of 10
    result = result_of(doc)
    assert elected(result, "women") == {"c05"}  # today: 吴强 and 刘芳
    assert post_of(result, "women")["unfilled"] == 1


def test_a_write_in_of_a_man_or_unknown_counts_for_nobody() -> None:
    ballots = [vote({}, [("李四", "yes")])] * 6 + [vote({}, [("周敏", "yes")])] * 4
    result = result_of(reserved(ballots))
    women = post_of(result, "women")
    assert all(r["name"] != "李四" for r in women["tally"])
    assert women["write_ins_for_nobody"] == [
        {"name": "李四", "count": 6, "reason": "women_only",
         "text": "另选妇女委员“李四”6票无效：本职位只能选举女性"},
    ]
    assert next(r for r in women["tally"] if r.get("id") == "c06")["yes"] == 4


def separate(women_ids: tuple[int, ...], chair: str, vice: str, members: tuple[str, ...]) -> dict:
    people = [candidate(f"c{i:02}", n, [p], "F" if i in women_ids else "M")
              for i, (n, p) in enumerate(
                  [("王建国", "chair"), ("李明", "chair"), ("张伟", "vice_chair"),
                   ("赵军", "vice_chair"), ("刘芳", "member"), ("周敏", "member"),
                   ("吴强", "member"), ("陈静", "member")], start=1)]
    b = ballot({"chair": {chair: "yes"}, "vice_chair": {vice: "yes"},
                "member": dict.fromkeys(members, "yes")})
    return record("villagers_committee",
                  [post("chair", 1), post("vice_chair", 1), post("member", 2)],
                  people, [round_({"registered": 10}, ballots=[b] * 8)])


def test_a_complete_outcome_without_a_woman_fails_women_member() -> None:
    result = result_of(separate((5, 6), "c01", "c03", ("c07", "c08")))
    assert result["outcome"]["status"] == "complete"
    c = check(result, "women_member")
    assert (c["ok"], c["actual"], c["required"]) == (False, 0, 1)
    assert "没有妇女成员" in c["text"] and "不影响当选结果" in c["text"]


def test_a_woman_elected_passes_women_member() -> None:
    result = result_of(separate((5, 6), "c01", "c03", ("c05", "c08")))
    c = check(result, "women_member")
    assert c["ok"] and "刘芳" in c["text"]


def test_party_bodies_have_no_women_member_check() -> None:
    doc = record("party_branch", [post("member", 1)], [candidate("c01", "王建国", ["member"]),
                                                      candidate("c02", "李明", ["member"])],
                 [round_({"entitled": 3, "present": 3},
                         ballots=[ballot({"member": {"c01": "yes"}})] * 3)])
    assert all(c["code"] != "women_member" for c in result_of(doc)["rounds"][0]["checks"])


def test_the_supplementary_list_says_why_a_woman_was_added() -> None:
    # 委员 2 seats, only one elected; no woman elected anywhere: 周敏 (c06) joins the list.
    people = [candidate("c01", "王建国", ["chair"]), candidate("c02", "李明", ["chair"]),
              candidate("c03", "张伟", ["member"]), candidate("c04", "赵军", ["member"]),
              candidate("c05", "吴强", ["member"]), candidate("c06", "周敏", ["member"], "F")]
    ballots = [ballot({"chair": {"c01": "yes"}, "member": {"c03": "yes", "c04": "yes"}})] * 5
    ballots += [ballot({"chair": {"c01": "yes"}, "member": {"c03": "yes", "c05": "yes"}})] * 5
    ballots += [ballot({"chair": {"c01": "yes"}, "member": {"c06": "yes"}})] * 1
    doc = record("villagers_committee", [post("chair", 1), post("member", 2)], people,
                 [round_({"registered": 12}, ballots=ballots)])
    result = result_of(doc)
    nxt = result["outcome"]["next_round"]["posts"]["member"]
    assert "c06" in nxt["candidates"]
    assert nxt["note"] == "周敏为未当选者中得票最多的女性，依规定列入候选人名单"
    from recordkit import plain_key

    from counting import count, parse_record
    rec = parse_record(doc)
    assert "周敏为未当选者中得票最多的女性" in explain(rec, count(rec, plain_key))


def test_the_supplementary_list_of_a_women_only_post_holds_women_only() -> None:
    doc = reserved([vote({"c07": "yes"})] * 6 + [vote({"c05": "yes"})] * 3
                   + [vote({"c06": "yes"})] * 1)
    result = result_of(doc)
    nxt = result["outcome"]["next_round"]["posts"]["women"]
    assert nxt["seats"] == 1 and set(nxt["candidates"]) == {"c05", "c06"}  # not 吴强 (c07)
