"""Reading a RECORD.md election record: JSON in, a validated `Record` out.

A record whose numbers cannot be true is refused here, naming the JSON pointer and the
problem in Chinese and English; the rest of the core then trusts what it is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NoReturn

from counting.model import (
    BOX_KINDS,
    MARKS,
    ROLES,
    ROUND_KINDS,
    WRITE_IN_MARKS,
    Attendance,
    Ballot,
    Box,
    Candidate,
    CommitteeMember,
    Contest,
    Decisions,
    Exclusion,
    Post,
    PostTotals,
    Record,
    Round,
    WriteIn,
)
from counting.reading import Problem as Problem
from counting.reading import RecordError as RecordError
from counting.reading import as_count as _count
from counting.reading import as_list as _list
from counting.reading import as_object as _obj
from counting.reading import as_text as _text
from counting.reading import fail as fail
from counting.reading import no_such_candidate as no_such_candidate
from counting.reading import no_such_post as no_such_post
from counting.reading import normalize_name as normalize_name
from counting.reading import person_fields
from counting.reading import pointer as pointer
from counting.reading import pointer_join as pointer_join
from counting.reading import required as _required
from counting.reading import unique_ids as _unique
from counting.rules import BODIES, COMMITTEE_BODIES, RuleProblem, rules_for

RECORD_FORMAT = "jipiao.record/1"
_MARK_SET = frozenset(MARKS)
_WRITE_IN_MARK_SET = frozenset(WRITE_IN_MARKS)


# --- the record ----------------------------------------------------------------------------


def parse_record(data: object) -> Record:
    """Validate a RECORD.md document (already `json.loads`ed) and return it as a `Record`."""
    doc = _obj(data, "")
    fmt = _required(doc, "format", "")
    if fmt != RECORD_FORMAT:
        fail(
            "/format", f"不支持的格式“{fmt}”，应为“{RECORD_FORMAT}”", f"unsupported format {fmt!r}"
        )
    election = _obj(_required(doc, "election", ""), "/election")
    body = _required(election, "body", "/election")
    if body not in BODIES:
        fail("/election/body", f"未知的选举类型“{body}”", f"unknown body {body!r}")
    overrides = _obj(election.get("rules", {}), "/election/rules")
    try:
        rules = rules_for(body, overrides)
    except RuleProblem as problem:
        fail(pointer("election", "rules", problem.key), problem.zh, problem.en)
    title = election.get("title", "")
    if not isinstance(title, str):
        fail("/election/title", "应为字符串", "must be a string")

    posts = _posts(_list(_required(doc, "posts", ""), "/posts"))
    if not posts:
        fail("/posts", "至少需要一个职位", "at least one post is required")
    post_ids = {p.id for p in posts}
    if body == "party_branch" and rules.secretary_mode == "indirect":
        for i, post in enumerate(posts):
            if post.role in ("secretary", "deputy_secretary"):
                # RULES.md §2 — indirect: the new committee's plenary elects 书记/副书记.
                fail(
                    pointer("posts", i, "role"),
                    f"间接选举（secretary_mode = indirect）时党员大会只选举委员，"
                    f"“{post.name}”由新一届委员会第一次全体会议（party_plenary）选举",
                    "in indirect mode the members' meeting elects members only; "
                    "the secretary is elected by the plenary (party_plenary)",
                )
    candidates = _candidates(_list(_required(doc, "candidates", ""), "/candidates"), post_ids)
    raw_rounds = _list(_required(doc, "rounds", ""), "/rounds")
    ineligible = _ineligible(doc.get("ineligible", []))
    committee = None
    if "committee" in election:
        if body != "party_plenary":
            fail(
                "/election/committee",
                "只有委员会第一次全体会议（party_plenary）的记录才列出新当选的委员",
                "only a party_plenary record lists the committee",
            )
        committee = _committee(election["committee"], candidates)

    record = Record(
        title=title,
        body=body,
        rules=rules,
        posts=posts,
        candidates=candidates,
        rounds=(),
        ineligible=ineligible,
        committee=committee,
    )
    _unique(
        [
            _text(_obj(r, pointer("rounds", i)).get("id"), pointer("rounds", i, "id"))
            for i, r in enumerate(raw_rounds)
        ],
        "/rounds",
        "轮次",
    )
    rounds = tuple(_round(record, r, pointer("rounds", i)) for i, r in enumerate(raw_rounds))
    if not rounds:
        fail("/rounds", "至少需要一轮投票", "at least one round is required")
    return Record(
        title=title,
        body=body,
        rules=rules,
        posts=posts,
        candidates=candidates,
        rounds=rounds,
        ineligible=ineligible,
        committee=committee,
    )


def _committee(raw: object, candidates: tuple[Candidate, ...]) -> tuple[CommitteeMember, ...]:
    """RECORD.md `election.committee`: the elected 委员, by candidate id or by name."""
    ptr = "/election/committee"
    by_id = {c.id: c for c in candidates}
    members: list[CommitteeMember] = []
    for i, item in enumerate(_list(raw, ptr)):
        iptr = pointer_join(ptr, i)
        if isinstance(item, str):
            if item not in by_id:
                no_such_candidate(iptr, item)
            c = by_id[item]
            members.append(CommitteeMember(c.name, c.surname, c.gender, c.id))
            continue
        m = _obj(item, iptr)
        name = normalize_name(_text(_required(m, "name", iptr), iptr + "/name"))
        surname = m.get("surname")
        if surname is not None:
            surname = normalize_name(_text(surname, iptr + "/surname"))
        gender = m.get("gender")
        if gender not in (None, "F", "M"):
            fail(iptr + "/gender", "性别应为“F”或“M”", 'gender must be "F" or "M"')
        same = [c for c in candidates if c.name == name]
        candidate = same[0] if len(same) == 1 else None
        members.append(
            CommitteeMember(
                name,
                surname if candidate is None else candidate.surname or surname,
                gender if candidate is None else candidate.gender or gender,
                None if candidate is None else candidate.id,
            )
        )
    names = [m.name for m in members]
    for i, name in enumerate(names):
        if name in names[:i]:
            fail(pointer_join(ptr, i), f"委员“{name}”重复", f"member {name!r} is listed twice")
    listed = {m.candidate for m in members}
    for i, c in enumerate(candidates):
        if c.id not in listed:
            # RULES.md §2 — the plenary elects 书记/副书记 from the elected 委员.
            fail(
                pointer("candidates", i),
                f"候选人“{c.name}”不是新当选的委员（election.committee），"
                "不能作为书记、副书记候选人",
                f"candidate {c.name!r} is not in election.committee",
            )
    return tuple(members)


def _posts(raw: list[Any]) -> tuple[Post, ...]:
    posts = []
    for i, item in enumerate(raw):
        ptr = pointer("posts", i)
        p = _obj(item, ptr)
        pid = _text(_required(p, "id", ptr), ptr + "/id")
        name = _text(_required(p, "name", ptr), ptr + "/name")
        seats = _count(_required(p, "seats", ptr), ptr + "/seats", least=1)
        role = p.get("role", pid if pid in ROLES else "member")
        if role not in ROLES:
            fail(ptr + "/role", f"未知的职位角色“{role}”", f"unknown role {role!r}")
        women_only = p.get("women_only", False)
        if not isinstance(women_only, bool):
            fail(ptr + "/women_only", "应为 true 或 false", "must be true or false")
        posts.append(Post(id=pid, name=name, seats=seats, role=role, women_only=women_only))
    _unique([p.id for p in posts], "/posts", "职位")
    return tuple(posts)


def _candidates(raw: list[Any], post_ids: set[str]) -> tuple[Candidate, ...]:
    candidates = []
    for i, item in enumerate(raw):
        ptr = pointer("candidates", i)
        c = _obj(item, ptr)
        cid = _text(_required(c, "id", ptr), ptr + "/id")
        name, surname, gender = person_fields(c, ptr)
        stands = _list(c.get("posts", []), ptr + "/posts")
        for j, post_id in enumerate(stands):
            if not isinstance(post_id, str) or post_id not in post_ids:
                no_such_post(pointer_join(ptr, "posts", j), post_id)
        if len(set(stands)) != len(stands):
            fail(ptr + "/posts", "职位重复", "a post is listed twice")
        candidates.append(
            Candidate(id=cid, name=name, surname=surname, gender=gender, posts=tuple(stands))
        )
    _unique([c.id for c in candidates], "/candidates", "候选人")
    return tuple(candidates)


def _ineligible(raw: object) -> frozenset[str]:
    names = set()
    for i, item in enumerate(_list(raw, "/ineligible")):
        value = _obj(item, pointer("ineligible", i)).get("name") if isinstance(item, dict) else item
        names.add(normalize_name(_text(value, pointer("ineligible", i))))
    return frozenset(names)


# --- rounds --------------------------------------------------------------------------------


def _round(record: Record, raw: object, ptr: str) -> Round:
    r = _obj(raw, ptr)
    rid = _text(r["id"], ptr + "/id")
    kind = r.get("kind", "regular")
    if kind not in ROUND_KINDS:
        fail(ptr + "/kind", f"未知的轮次类型“{kind}”", f"unknown round kind {kind!r}")
    contests = _contests(record, r, kind, ptr)
    attendance = _attendance(
        record, _obj(_required(r, "attendance", ptr), ptr + "/attendance"), ptr + "/attendance"
    )

    has_ballots, has_totals = "ballots" in r, "totals" in r
    raw_boxes = r.get("boxes", [])
    if isinstance(raw_boxes, list) and any(
        isinstance(b, dict) and ("ballots" in b or "totals" in b) for b in raw_boxes
    ):
        # RECORD.md: each box gives its own ballots or totals; the round's count is the sum.
        if has_ballots or has_totals:
            fail(
                ptr,
                "各票箱已分别给出选票或汇总时，本轮不应再给出“ballots”或“totals”",
                'when the boxes carry their ballots or totals the round gives neither',
            )
        boxes = _boxes(record, contests, raw_boxes, ptr + "/boxes")
        issued = _count(r.get("ballots_issued", sum(b.issued for b in boxes)),
                        ptr + "/ballots_issued")
        returned = _count(r.get("ballots_returned", sum(b.returned for b in boxes)),
                          ptr + "/ballots_returned")
        ballots = totals = None
        void = sum(b.ballots_void for b in boxes)
    else:
        ballots, totals, issued, returned, void = _round_content(record, contests, r, ptr)
        boxes = _boxes(record, contests, raw_boxes, ptr + "/boxes")
    _box_sums(boxes, issued, returned, ptr + "/boxes")
    return Round(
        id=rid,
        kind=kind,
        contests=contests,
        attendance=attendance,
        ballots_issued=issued,
        ballots_returned=returned,
        boxes=boxes,
        ballots=ballots,
        totals=totals,
        ballots_void=void,
        decisions=_decisions(record, r.get("decisions", {}), ptr + "/decisions"),
    )


def _round_content(
    record: Record, contests: tuple[Contest, ...], r: Mapping[str, Any], ptr: str
) -> tuple[tuple[Ballot, ...] | None, Mapping[str, PostTotals] | None, int, int, int]:
    """A round's own ballots or totals: (ballots, totals, issued, returned, void)."""
    has_ballots, has_totals = "ballots" in r, "totals" in r
    if has_ballots == has_totals:
        fail(
            ptr,
            "每轮须给出“ballots”（逐张）或“totals”（汇总）之一",
            'a round gives exactly one of "ballots" or "totals"',
        )
    ballots = totals = None
    if has_ballots:
        ballots = parse_ballots(
            record, contests, _list(r["ballots"], ptr + "/ballots"), ptr + "/ballots"
        )
        returned = _count(r.get("ballots_returned", len(ballots)), ptr + "/ballots_returned")
        if returned != len(ballots):
            fail(
                ptr + "/ballots_returned",
                f"收回选票{returned}张，但列出的选票有{len(ballots)}张",
                f"ballots_returned is {returned} but {len(ballots)} ballots are listed",
            )
        issued = _count(r.get("ballots_issued", returned), ptr + "/ballots_issued")
        void = sum(1 for b in ballots if b.void)
    else:
        issued = _count(_required(r, "ballots_issued", ptr), ptr + "/ballots_issued")
        returned = _count(_required(r, "ballots_returned", ptr), ptr + "/ballots_returned")
        void = _count(r.get("ballots_void", 0), ptr + "/ballots_void")
        if void > returned:
            fail(
                ptr + "/ballots_void",
                f"作废选票{void}张多于收回的{returned}张",
                f"{void} void ballots exceed {returned} returned",
            )
        totals = parse_totals(
            record, contests, _obj(r["totals"], ptr + "/totals"), returned, void, ptr + "/totals"
        )
    return ballots, totals, issued, returned, void


def _contests(record: Record, r: Mapping[str, Any], kind: str, ptr: str) -> tuple[Contest, ...]:
    if "posts" not in r:
        if kind != "regular":
            fail(
                ptr + "/posts",
                "重新投票或另行选举须写明所选职位、名额和候选人",
                "a tie_break or supplementary round must name its posts, seats and candidates",
            )
        return tuple(
            Contest(p.id, p.seats, tuple(c.id for c in record.candidates if p.id in c.posts))
            for p in record.posts
        )
    known = {c.id for c in record.candidates}
    contests = []
    for post_id, spec in _obj(r["posts"], ptr + "/posts").items():
        cptr = pointer_join(ptr, "posts", post_id)
        if post_id not in {p.id for p in record.posts}:
            no_such_post(cptr, post_id)
        s = _obj(spec, cptr)
        post = record.post(post_id)
        seats = _count(s.get("seats", post.seats), cptr + "/seats", least=1)
        if seats > post.seats:
            fail(
                cptr + "/seats",
                f"名额{seats}多于该职位的应选{post.seats}名",
                f"{seats} seats exceed the post's {post.seats}",
            )
        ids = _list(_required(s, "candidates", cptr), cptr + "/candidates")
        for j, cid in enumerate(ids):
            if not isinstance(cid, str) or cid not in known:
                no_such_candidate(pointer_join(cptr, "candidates", j), cid)
        if len(set(ids)) != len(ids):
            fail(cptr + "/candidates", "候选人重复", "a candidate is listed twice")
        contests.append(Contest(post_id, seats, tuple(ids)))
    if not contests:
        fail(ptr + "/posts", "至少需要一个职位", "at least one post is required")
    return tuple(contests)


def _attendance(record: Record, a: Mapping[str, Any], ptr: str) -> Attendance:
    if record.body in COMMITTEE_BODIES:
        registered = _count(_required(a, "registered", ptr), ptr + "/registered", least=1)
        return Attendance(registered=registered)
    entitled = _count(_required(a, "entitled", ptr), ptr + "/entitled")
    raw_excluded = a.get("excluded", 0)
    if isinstance(raw_excluded, list):
        exclusions = []
        for i, item in enumerate(raw_excluded):
            e = _obj(item, pointer_join(ptr, "excluded", i))
            exclusions.append(
                Exclusion(
                    count=_count(
                        _required(e, "count", pointer_join(ptr, "excluded", i)),
                        pointer_join(ptr, "excluded", i, "count"),
                    ),
                    reason=str(e.get("reason", "")),
                )
            )
    else:
        exclusions = [Exclusion(_count(raw_excluded, ptr + "/excluded"), "")]
    attendance = Attendance(
        entitled=entitled,
        exclusions=tuple(exclusions),
        present=_count(_required(a, "present", ptr), ptr + "/present"),
    )
    expected = attendance.expected
    assert expected is not None
    if expected < 0:
        fail(
            ptr + "/excluded",
            f"不计入应到的{attendance.excluded}人多于有选举权的{entitled}人",
            f"{attendance.excluded} excluded exceed {entitled} entitled",
        )
    if attendance.present is not None and attendance.present > expected:
        fail(
            ptr + "/present",
            f"实到{attendance.present}人多于应到{expected}人",
            f"present {attendance.present} exceeds expected {expected}",
        )
    return attendance


def parse_ballots(
    record: Record, contests: tuple[Contest, ...], raw: list[Any], ptr: str
) -> tuple[Ballot, ...]:
    allowed = {c.post: frozenset(c.candidates) for c in contests}
    known = {c.id for c in record.candidates}
    ballots = []
    for i, item in enumerate(raw):
        if type(item) is not dict:
            fail(pointer_join(ptr, i), "应为 JSON 对象", "must be a JSON object")
        void = item.get("void", False)
        if void is not False and void is not True:
            fail(pointer_join(ptr, i, "void"), "应为 true 或 false", "must be true or false")
        marks = item.get("marks", {})
        if type(marks) is not dict:
            fail(pointer_join(ptr, i, "marks"), "应为 JSON 对象", "must be a JSON object")
        for post_id, section in marks.items():
            ids = allowed.get(post_id)
            if ids is None or type(section) is not dict:
                _bad_section(record, ptr, i, post_id, section)
            if not section.keys() <= ids:
                cid = sorted(section.keys() - ids)[0]
                sptr = pointer_join(ptr, i, "marks", post_id, cid)
                if cid in known:
                    fail(
                        sptr,
                        f"候选人“{cid}”不是本轮该职位的候选人",
                        f"candidate {cid!r} does not stand for post {post_id!r} in this round",
                    )
                no_such_candidate(sptr, cid)
            if not _known_marks(section.values()):
                cid, mark = next((k, v) for k, v in section.items() if not _known_marks([v]))
                fail(
                    pointer_join(ptr, i, "marks", post_id, cid),
                    f"未知的划票标记{mark!r}，应为 yes、no、abstain 或 unreadable",
                    f"unknown mark {mark!r}: use yes, no, abstain or unreadable",
                )
        raw_write_ins = item.get("write_ins")
        write_ins = (
            _write_ins(raw_write_ins, allowed, pointer_join(ptr, i, "write_ins"))
            if raw_write_ins is not None
            else {}
        )
        ballots.append(Ballot(marks=marks, write_ins=write_ins, void=void))
    return tuple(ballots)


def _known_marks(values: Iterable[object]) -> bool:
    try:
        return _MARK_SET.issuperset(values)
    except TypeError:  # an unhashable mark (a list, an object) is no mark at all
        return False


def _bad_section(record: Record, ptr: str, i: int, post_id: str, section: object) -> NoReturn:
    sptr = pointer_join(ptr, i, "marks", post_id)
    if post_id in {p.id for p in record.posts}:
        if type(section) is not dict:
            fail(sptr, "应为 JSON 对象", "must be a JSON object")
        fail(
            sptr,
            f"职位“{post_id}”不在本轮选举之中",
            f"post {post_id!r} is not contested in this round",
        )
    no_such_post(sptr, post_id)


def _write_ins(
    raw: object, allowed: Mapping[str, frozenset[str]], ptr: str
) -> Mapping[str, tuple[WriteIn, ...]]:
    if raw is None:
        return {}
    out: dict[str, tuple[WriteIn, ...]] = {}
    for post_id, entries in _obj(raw, ptr).items():
        if post_id not in allowed:
            fail(
                pointer_join(ptr, post_id),
                f"职位“{post_id}”不在本轮选举之中",
                f"post {post_id!r} is not contested in this round",
            )
        items = []
        for j, entry in enumerate(_list(entries, pointer_join(ptr, post_id))):
            eptr = pointer_join(ptr, post_id, j)
            e = _obj(entry, eptr)
            name = normalize_name(_text(_required(e, "name", eptr), eptr + "/name"))
            mark = e.get("mark", "none")
            if not isinstance(mark, str) or mark not in _WRITE_IN_MARK_SET:
                fail(
                    eptr + "/mark",
                    f"另选他人的标记{mark!r}应为 yes、no 或 none",
                    f"write-in mark {mark!r} must be yes, no or none",
                )
            items.append(WriteIn(name, mark))
        out[post_id] = tuple(items)
    return out


def parse_totals(
    record: Record,
    contests: tuple[Contest, ...],
    raw: Mapping[str, Any],
    returned: int,
    void: int,
    ptr: str,
) -> Mapping[str, PostTotals]:
    out: dict[str, PostTotals] = {}
    by_post = {c.post: c for c in contests}
    for post_id in raw:
        if post_id not in by_post:
            fail(
                pointer_join(ptr, post_id),
                f"职位“{post_id}”不在本轮选举之中",
                f"post {post_id!r} is not contested in this round",
            )
    for contest in contests:
        tptr = pointer_join(ptr, contest.post)
        t = _obj(_required(raw, contest.post, ptr), tptr)
        invalid = _count(t.get("invalid", 0), tptr + "/invalid")
        if invalid < void or invalid > returned:
            fail(
                tptr + "/invalid",
                f"无效{invalid}份不可能：应在作废选票{void}张与收回选票{returned}张之间",
                f"invalid {invalid} must lie between void {void} and returned {returned}",
            )
        valid = returned - invalid
        names = {c.id: c.name for c in record.candidates}
        yes = _vote_counts(t.get("yes", {}), contest, tptr + "/yes")
        no = _vote_counts(t.get("no", {}), contest, tptr + "/no")
        write_ins: dict[str, int] = {}
        for name, n in _obj(t.get("write_ins", {}), tptr + "/write_ins").items():
            wptr = pointer_join(tptr, "write_ins", name)
            clean = normalize_name(_text(name, wptr))
            if any(names[cid] == clean for cid in contest.candidates):
                fail(
                    wptr,
                    f"“{clean}”是本职位的正式候选人，其票数应计入 yes",
                    f"{clean!r} is a printed candidate of this post: count the votes in yes",
                )
            write_ins[clean] = write_ins.get(clean, 0) + _count(n, wptr)
        for cid in contest.candidates:
            if yes.get(cid, 0) + no.get(cid, 0) > valid:
                fail(
                    pointer_join(tptr, "yes", cid),
                    f"候选人“{names[cid]}”赞成{yes.get(cid, 0)}票加不赞成{no.get(cid, 0)}票，"
                    f"多于有效票{valid}张",
                    f"yes {yes.get(cid, 0)} + no {no.get(cid, 0)} exceed {valid} valid sections",
                )
        marked = sum(yes.values()) + sum(write_ins.values())
        if marked > contest.seats * valid:
            fail(
                tptr,
                f"赞成票合计{marked}票，多于有效票{valid}张乘应选{contest.seats}名",
                f"{marked} yes votes exceed {valid} valid sections × {contest.seats} seats",
            )
        out[contest.post] = PostTotals(invalid=invalid, yes=yes, no=no, write_ins=write_ins)
    return out


def _vote_counts(raw: object, contest: Contest, ptr: str) -> dict[str, int]:
    counts = {}
    for cid, n in _obj(raw, ptr).items():
        if cid not in contest.candidates:
            fail(
                pointer_join(ptr, cid),
                f"“{cid}”不是本轮该职位的候选人",
                f"{cid!r} is not a candidate for this post in this round",
            )
        counts[cid] = _count(n, pointer_join(ptr, cid))
    return counts


def _boxes(
    record: Record, contests: tuple[Contest, ...], raw: object, ptr: str
) -> tuple[Box, ...]:
    boxes = []
    items = _list(raw, ptr)
    apart = any(isinstance(b, dict) and ("ballots" in b or "totals" in b) for b in items)
    for i, item in enumerate(items):
        b = _obj(item, pointer_join(ptr, i))
        bptr = pointer_join(ptr, i)
        kind = b.get("kind")
        if kind is not None and kind not in BOX_KINDS:
            fail(
                bptr + "/kind",
                f"未知的票箱类型{kind!r}，应为 main、station 或 mobile",
                f"unknown box kind {kind!r}: use main, station or mobile",
            )
        name = b.get("name")
        issued = _count(_required(b, "issued", bptr), bptr + "/issued")
        returned = _count(_required(b, "returned", bptr), bptr + "/returned")
        ballots = totals = None
        void = 0
        if apart:
            if ("ballots" in b) == ("totals" in b):
                fail(
                    bptr,
                    "各票箱分别计票时，每个票箱须给出“ballots”（逐张）或“totals”（汇总）之一",
                    'when boxes are counted apart each gives exactly one of "ballots" or "totals"',
                )
            if "ballots" in b:
                ballots = parse_ballots(
                    record, contests, _list(b["ballots"], bptr + "/ballots"), bptr + "/ballots"
                )
                if len(ballots) != returned:
                    fail(
                        bptr + "/returned",
                        f"票箱收回选票{returned}张，但列出的选票有{len(ballots)}张",
                        f"the box returned {returned} but {len(ballots)} ballots are listed",
                    )
                void = sum(1 for x in ballots if x.void)
            else:
                void = _count(b.get("ballots_void", 0), bptr + "/ballots_void")
                if void > returned:
                    fail(
                        bptr + "/ballots_void",
                        f"作废选票{void}张多于收回的{returned}张",
                        f"{void} void ballots exceed {returned} returned",
                    )
                totals = parse_totals(
                    record, contests, _obj(b["totals"], bptr + "/totals"), returned, void,
                    bptr + "/totals",
                )
        boxes.append(
            Box(
                id=_text(_required(b, "id", bptr), bptr + "/id"),
                issued=issued,
                returned=returned,
                kind=kind,
                name=None if name is None else _text(name, bptr + "/name"),
                ballots=ballots,
                totals=totals,
                ballots_void=void,
            )
        )
    if boxes:
        _unique([b.id for b in boxes], ptr, "票箱")
    return tuple(boxes)


def _box_sums(boxes: tuple[Box, ...], issued: int, returned: int, ptr: str) -> None:
    if not boxes:
        return
    sum_issued, sum_returned = sum(b.issued for b in boxes), sum(b.returned for b in boxes)
    if sum_issued != issued or sum_returned != returned:
        fail(
            ptr,
            f"各票箱发出合计{sum_issued}张、收回合计{sum_returned}张，"
            f"与本轮发出{issued}张、收回{returned}张不符",
            f"boxes sum to {sum_issued} issued / {sum_returned} returned, "
            f"the round says {issued} / {returned}",
        )


def _decisions(record: Record, raw: object, ptr: str) -> Decisions:
    d = _obj(raw, ptr)
    reduce: dict[str, int] = {}
    for post_id, seats in _obj(d.get("reduce_seats", {}), ptr + "/reduce_seats").items():
        if post_id not in {p.id for p in record.posts}:
            no_such_post(pointer_join(ptr, "reduce_seats", post_id), post_id)
        reduce[post_id] = _count(seats, pointer_join(ptr, "reduce_seats", post_id))
    decided_by = d.get("decided_by")
    if decided_by is not None and not isinstance(decided_by, str):
        fail(ptr + "/decided_by", "应为字符串", "must be a string")
    return Decisions(reduce_seats=reduce, decided_by=decided_by)
