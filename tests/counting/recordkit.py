"""Small builders for RECORD.md documents, and a plain name key for the pure core.

The tests write records the way a clerk would (plain JSON dicts), so that what is tested
is `parse_record` + `count` + `result_to_json` on the documented format.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from counting import count, dumps, parse_record, result_to_json

Doc = dict[str, Any]

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"  # the published spec, samples and compare tool
SPEC_DIR = SHARED / "spec"
SAMPLES = SHARED / "samples"
COMPARE = SHARED / "tools" / "compare_result.py"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Distinct names made of common characters (every stroke table knows them).
NAMES = (
    "王建国",
    "李秀英",
    "张伟",
    "刘芳",
    "陈静",
    "杨磊",
    "赵军",
    "黄丽",
    "周敏",
    "吴强",
    "徐明",
    "孙丽华",
    "马力",
    "朱红",
    "胡波",
    "郭芳",
    "何平",
    "高山",
    "林海",
    "罗文",
    "郑华",
    "梁玉",
    "谢东",
    "宋江",
    "唐宁",
    "许飞",
    "韩雪",
    "冯云",
    "邓林",
    "曹阳",
)
WRITE_IN_NAMES = ("方小红", "田大勇", "石文", "白云")


def plain_key(name: str, surname: str | None, single_given_name_first: bool) -> tuple[int, ...]:
    """A stand-in for 姓氏笔画 in tests of the pure core: code points, deterministic."""
    return tuple(map(ord, name))


def post(pid: str, seats: int, name: str | None = None, **extra: Any) -> Doc:
    names = {
        "secretary": "书记",
        "deputy_secretary": "副书记",
        "member": "委员",
        "chair": "主任",
        "vice_chair": "副主任",
    }
    return {"id": pid, "name": name or names.get(pid, pid), "seats": seats, **extra}


def candidate(cid: str, name: str, posts: Iterable[str], gender: str = "M") -> Doc:
    return {"id": cid, "name": name, "gender": gender, "posts": list(posts)}


def name_of(i: int) -> str:
    """The name of candidate number `i` (1-based); beyond the pool, a generated one."""
    return NAMES[i - 1] if i <= len(NAMES) else "候选" + chr(0x4E00 + i)


def candidates(
    n: int, posts: Iterable[str], start: int = 1, women: Iterable[int] = ()
) -> list[Doc]:
    """`n` candidates c{start:02}.. standing for `posts`; `women` lists their numbers."""
    posts, fem = list(posts), set(women)
    return [
        candidate(f"c{i:02}", name_of(i), posts, "F" if i in fem else "M")
        for i in range(start, start + n)
    ]


def record(
    body: str,
    posts: list[Doc],
    cands: list[Doc],
    rounds: list[Doc],
    rules: Mapping[str, Any] | None = None,
    **extra: Any,
) -> Doc:
    return {
        "format": "jipiao.record/1",
        "election": {"title": "测试选举", "body": body, "rules": dict(rules or {})},
        "posts": posts,
        "candidates": cands,
        "rounds": rounds,
        **extra,
    }


def party_attendance(present: int, entitled: int | None = None, excluded: Any = 0) -> Doc:
    return {
        "entitled": present if entitled is None else entitled,
        "excluded": excluded,
        "present": present,
    }


def round_(
    attendance: Doc,
    *,
    ballots: list[Doc] | None = None,
    totals: Mapping[str, Any] | None = None,
    rid: str = "r1",
    kind: str = "regular",
    issued: int | None = None,
    returned: int | None = None,
    contests: Mapping[str, Any] | None = None,
    **extra: Any,
) -> Doc:
    r: Doc = {"id": rid, "kind": kind, "attendance": attendance, **extra}
    if contests is not None:
        r["posts"] = dict(contests)
    if ballots is not None:
        r["ballots"] = ballots
        r["ballots_returned"] = len(ballots) if returned is None else returned
        r["ballots_issued"] = r["ballots_returned"] if issued is None else issued
    if totals is not None:
        assert returned is not None
        r["totals"] = dict(totals)
        r["ballots_returned"] = returned
        r["ballots_issued"] = returned if issued is None else issued
    return r


def ballot(
    marks: Mapping[str, Mapping[str, str]] | None = None,
    write_ins: Mapping[str, list[tuple[str, str]]] | None = None,
) -> Doc:
    b: Doc = {"marks": {p: dict(m) for p, m in (marks or {}).items()}}
    if write_ins:
        b["write_ins"] = {p: [{"name": n, "mark": m} for n, m in ws] for p, ws in write_ins.items()}
    return b


def yes_for(post_id: str, *ids: str, no: Iterable[str] = ()) -> Doc:
    marks = dict.fromkeys(ids, "yes") | dict.fromkeys(no, "no")
    return ballot({post_id: marks})


VOID: Doc = {"void": True}


def result_of(doc: Doc) -> Doc:
    """The RECORD.md result of `doc`, through its canonical JSON text (as published)."""
    parsed = parse_record(copy.deepcopy(doc))
    out: Doc = json.loads(dumps(result_to_json(count(parsed, plain_key))))
    return out


def result_text(doc: Doc) -> str:
    return dumps(result_to_json(count(parse_record(copy.deepcopy(doc)), plain_key)))


def post_of(result: Doc, post_id: str, round_index: int = -1) -> Doc:
    posts: Doc = result["rounds"][round_index]["posts"][post_id]
    return posts


def yes_votes(post_result: Doc) -> dict[str, int]:
    """Yes votes per candidate id (write-ins: per name)."""
    return {
        (row["name"] if row.get("write_in") and "id" not in row else row["id"]): row["yes"]
        for row in post_result["tally"]
    }


def statuses(post_result: Doc) -> dict[str, str]:
    return {
        (row["name"] if row.get("write_in") and "id" not in row else row["id"]): row["status"]
        for row in post_result["tally"]
    }


def check(result: Doc, code: str, round_index: int = 0, post: str | None = None) -> Doc:
    """The one check with `code` (and `post`) in a round of the result."""
    found = [
        c
        for c in result["rounds"][round_index]["checks"]
        if c["code"] == code and (post is None or c.get("post") == post)
    ]
    assert len(found) == 1, (code, result["rounds"][round_index]["checks"])
    return found[0]


def elected(result: Doc, post_id: str) -> set[str]:
    return {
        x if isinstance(x, str) else "name:" + x["name"]
        for x in result["outcome"]["elected"][post_id]
    }


def problems_of(doc: object) -> list[tuple[str, str, str]]:
    """The problems `parse_record` + `count` report for a refused record (pointer, zh, en)."""
    from counting import RecordError

    try:
        count(parse_record(doc), plain_key)
    except RecordError as err:
        return [(p.pointer, p.zh, p.en) for p in err.problems]
    raise AssertionError("the record was accepted")
