"""Properties of the count over generated records (RULES.md §2, §3, §5, §6; RECORD.md)."""

from __future__ import annotations

import copy
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from recordkit import result_of, result_text
from strategies import aggregate_totals, party_records, records, tie_records, village_records

SETTINGS = settings(max_examples=100, deadline=None)
Doc = dict[str, Any]


def ref(x: Any) -> str:
    return x if isinstance(x, str) else "name:" + x["name"]


def counted_posts(result: Doc) -> list[tuple[Doc, str, Doc]]:
    return [(r, pid, p) for r in result["rounds"] for pid, p in r["posts"].items()]


def votes_of(row: Doc) -> int:
    """The votes that decide: cascade mode adds the higher posts' votes (`votes`)."""
    votes: int = row["votes"] if "votes" in row else row["yes"]
    return votes


@SETTINGS
@given(records())
def test_never_more_elected_than_seats(doc: Doc) -> None:
    result = result_of(doc)
    seats = {p["id"]: p["seats"] for p in doc["posts"]}
    for _, _, p in counted_posts(result):
        tied = p["tie"]["seats"] if p["tie"] else 0
        assert len(p["elected"]) + tied + p["unfilled"] == p["seats"]
    for pid, people in result["outcome"]["elected"].items():
        assert len(people) <= seats[pid]


@SETTINGS
@given(records())
def test_nobody_elected_below_the_threshold(doc: Doc) -> None:
    for _, _, p in counted_posts(result_of(doc)):
        rows = {ref(r.get("id") or r): r for r in p["tally"]}
        for person in p["elected"]:
            assert votes_of(rows[ref(person)]) >= p["threshold"]
        for r in p["tally"]:
            assert (r["status"] in ("elected", "tie", "qualified")) == (
                votes_of(r) >= p["threshold"]
            )


@SETTINGS
@given(records())
def test_threshold_is_the_least_v_with_2v_over_present_or_voted(doc: Doc) -> None:
    result = result_of(doc)
    rnd, rules = doc["rounds"][0], doc["election"]["rules"]
    if doc["election"]["body"] == "party_branch":
        total = rnd["attendance"]["present"]  # RULES.md §2: not ballots, not 应到
    else:
        voids = sum(1 for b in rnd["ballots"] if b.get("void"))
        total = len(rnd["ballots"]) - (0 if rules["voted_counts_invalid"] else voids)
    for _, _, p in counted_posts(result):
        v = p["threshold"]
        assert 2 * v > total >= 2 * (v - 1)


@SETTINGS
@given(records(), st.randoms(use_true_random=False))
def test_permuting_ballots_never_changes_the_result(doc: Doc, rng: random.Random) -> None:
    before = result_text(doc)
    shuffled = copy.deepcopy(doc)
    rng.shuffle(shuffled["rounds"][0]["ballots"])
    assert result_text(shuffled) == before


def comparable(result: Doc) -> Doc:
    """What per-ballot and totals input must agree on (not abstain/unreadable, not the
    per-ballot `ballots` summary, which only ballot-by-ballot input can know)."""
    rounds = []
    for r in result["rounds"]:
        posts = {
            pid: {
                # write-ins that counted for nobody: totals name only those counted by hand
                **{k: v for k, v in p.items() if k not in ("tally", "write_ins_for_nobody")},
                "tally": [
                    (
                        r2.get("id", r2["name"]),
                        r2["yes"],
                        r2.get("no"),
                        r2.get("votes"),
                        r2["status"],
                    )
                    for r2 in p["tally"]
                ],
            }
            for pid, p in r["posts"].items()
        }
        rounds.append({"status": r["status"], "checks": r["checks"], "posts": posts})
    return {"rounds": rounds, "outcome": result["outcome"]}


@SETTINGS
@given(records())
def test_per_ballot_and_aggregated_totals_give_the_same_result(doc: Doc) -> None:
    assert comparable(result_of(doc)) == comparable(result_of(aggregate_totals(doc)))


def with_no_ballot(doc: Doc) -> Doc:
    """One more voter, who marks every printed candidate NO."""
    out = copy.deepcopy(doc)
    rnd = out["rounds"][0]
    marks = {
        p["id"]: {c["id"]: "no" for c in out["candidates"] if p["id"] in c["posts"]}
        for p in out["posts"]
    }
    rnd["ballots"].append({"marks": marks})
    rnd["ballots_returned"] += 1
    rnd["ballots_issued"] = max(rnd["ballots_issued"], rnd["ballots_returned"])
    att = rnd["attendance"]
    if "present" in att and att["present"] < rnd["ballots_issued"]:
        att["present"] += 1
        if att["present"] > att["entitled"] - att["excluded"]:
            att["entitled"] += 1
    return out


def all_elected(result: Doc) -> set[tuple[str, str]]:
    return {(pid, ref(x)) for pid, xs in result["outcome"]["elected"].items() for x in xs}


@SETTINGS
@given(records())
def test_adding_a_no_ballot_never_elects_anyone_new(doc: Doc) -> None:
    before = result_of(doc)
    if before["rounds"][0]["status"] != "counted":
        return  # a NO ballot can make a failed turnout valid: nothing to compare
    after = result_of(with_no_ballot(doc))
    assert all_elected(after) <= all_elected(before)


@SETTINGS
@given(records(), st.data())
def test_a_tie_break_round_only_ever_contains_the_tied(doc: Doc, data: st.DataObject) -> None:
    result = result_of(doc)
    nxt = result["outcome"]["next_round"]
    if nxt is None or nxt["kind"] != "tie_break":
        return
    last = result["rounds"][-1]["posts"]
    for pid, contest in nxt["posts"].items():
        tie = last[pid]["tie"]
        assert tie is not None and contest["seats"] == tie["seats"]
        assert sorted(map(ref, contest["candidates"])) == sorted(map(ref, tie["candidates"]))
        votes = {votes_of(r) for r in last[pid]["tally"] if r["status"] == "tie"}
        assert len(votes) == 1  # tied means equal votes
    # hold it: the record with that round is accepted and counts only the tied
    held = copy.deepcopy(doc)
    first = held["rounds"][0]
    contests = {
        pid: {"seats": c["seats"], "candidates": c["candidates"]} for pid, c in nxt["posts"].items()
    }
    if any(not isinstance(x, str) for c in contests.values() for x in c["candidates"]):
        return  # a tied write-in has no candidate id to put on a tie-break list
    voters = data.draw(st.integers(0, len(first["ballots"])))
    ballots = [
        {
            "marks": {
                pid: {data.draw(st.sampled_from(c["candidates"])): "yes"}
                for pid, c in contests.items()
            }
        }
        for _ in range(voters)
    ]
    held["rounds"].append(
        {
            "id": "r2",
            "kind": "tie_break",
            "posts": contests,
            "attendance": first["attendance"],
            "ballots": ballots,
            "ballots_issued": first["ballots_issued"],
        }
    )
    second = result_of(held)["rounds"][1]
    if second["status"] == "counted":
        for pid, p in second["posts"].items():
            assert {ref(r.get("id") or r) for r in p["tally"]} <= set(contests[pid]["candidates"])


@settings(max_examples=100, deadline=None)
@given(party_records(write_ins=False))
def test_party_elected_have_a_majority_of_present(doc: Doc) -> None:
    present = doc["rounds"][0]["attendance"]["present"]
    for _, _, p in counted_posts(result_of(doc)):
        for r in p["tally"]:
            if r["status"] == "elected":
                assert 2 * r["yes"] > present


@settings(max_examples=100, deadline=None)
@given(village_records())
def test_elected_in_name_order_and_one_post_a_person(doc: Doc) -> None:
    result = result_of(doc)
    names = {c["id"]: c["name"] for c in doc["candidates"]}
    seen: set[str] = set()
    for people in result["outcome"]["elected"].values():
        keys = [names[x] if isinstance(x, str) else x["name"] for x in people]
        assert keys == sorted(keys, key=lambda n: tuple(map(ord, n)))
        for x in people:
            assert ref(x) not in seen  # 村/居: a person holds one post
            seen.add(ref(x))


@SETTINGS
@given(st.one_of(party_records(), tie_records()))
def test_party_supplementary_list_is_left_plus_a_fifth_with_ties(doc: Doc) -> None:
    """RULES.md §6.4: the not-elected by votes, left + ceil(left/5), ties at the cut included."""
    result = result_of(doc)
    nxt = result["outcome"]["next_round"]
    if nxt is None or nxt["kind"] != "supplementary":
        return
    p = result["rounds"][-1]["posts"]["member"]
    left = nxt["posts"]["member"]["seats"]
    assert left == p["unfilled"]
    pool = {ref(r.get("id") or r): votes_of(r) for r in p["tally"] if r["status"] != "elected"}
    n = left + -(-left // 5)
    ranked = sorted(pool.values(), reverse=True)
    want = set(pool) if len(pool) <= n else {x for x, v in pool.items() if v >= ranked[n - 1]}
    assert set(map(ref, nxt["posts"]["member"]["candidates"])) == want
