"""Builders for `jipiao.nomination/1` and `jipiao.appraisal/1` documents (CAMPAIGN.md §1–2),
written the way a clerk would, and helpers that run them through the pure core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from recordkit import NAMES, plain_key

from counting import RecordError
from counting.campaign import (
    appraisal_result_to_json,
    appraise,
    nominate,
    nomination_result_to_json,
    parse_appraisal_record,
    parse_nomination_record,
)

Doc = dict[str, Any]
CAMPAIGN_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "campaign"


def people(n: int) -> list[Doc]:
    return [{"id": f"p{i:02d}", "name": NAMES[i - 1]} for i in range(1, n + 1)]


def meeting(kind: str, returned: int, expected: int | None = None, present: int | None = None,
            **content: Any) -> Doc:
    """A recommendation meeting; `content` is `ballots=[...]` or `totals={...}`."""
    present = returned if present is None else present
    expected = present if expected is None else expected
    return {"kind": kind, "expected": expected, "present": present,
            "ballots_returned": returned, **content}


def totals_meeting(kind: str, returned: int, votes: dict[str, dict[str, int]],
                   invalid: dict[str, int] | None = None, **attendance: Any) -> Doc:
    totals = {post: {"invalid": (invalid or {}).get(post, 0), "votes": v}
              for post, v in votes.items()}
    return meeting(kind, returned, totals=totals, **attendance)


def recommendation(posts: list[Doc], meetings: list[Doc], n_people: int = 8,
                   rules: Doc | None = None, **extra: Any) -> Doc:
    return {
        "format": "jipiao.nomination/1",
        "election": {"body": "party_branch", "rules": rules or {}},
        "posts": posts,
        "people": people(n_people),
        "meetings": meetings,
        **extra,
    }


def direct(posts: list[Doc], body: str = "villagers_committee", n_people: int = 12,
           rules: Doc | None = None, **content: Any) -> Doc:
    return {
        "format": "jipiao.nomination/1",
        "election": {"body": body, "rules": rules or {}},
        "posts": posts,
        "people": people(n_people),
        **content,
    }


def nominated(doc: Doc) -> Doc:
    return nomination_result_to_json(nominate(parse_nomination_record(doc), plain_key))


def appraised(doc: Doc) -> Doc:
    return appraisal_result_to_json(appraise(parse_appraisal_record(doc)))


def refusal(parse: Any, doc: object) -> tuple[str, str]:
    """(pointer, Chinese text) of the first problem of a refused document."""
    try:
        parse(doc)
    except RecordError as exc:
        return exc.problems[0].pointer, exc.problems[0].zh
    raise AssertionError("the document was accepted")


def row(result: Doc, post: str, pid: str) -> Doc:
    key = "ranking" if result["kind"] == "recommendation" else "tally"
    return next(r for r in result["posts"][post][key] if r["id"] == pid)
