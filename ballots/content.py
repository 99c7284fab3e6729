"""What goes on a round's ballot: title, one section per post in 姓氏笔画 order, instructions.

Everything here is the same for every copy of a round (RULES.md §5: no serial, no mark that
could identify a voter); the QR payload is the round's fingerprint only.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from ballots.errors import DocumentError
from ballots.instructions import SectionFacts, ballot_instructions
from ballots.pdf import PdfMeta
from ballots.strokes import sort_names
from counting.model import Contest, Record, RoundKind

FINGERPRINT_SCHEME = "jipiao:ballot"
_PAGE_SUFFIX = re.compile(r"&p=([1-9][0-9]{0,2})&n=([1-9][0-9]{0,2})$")


@dataclass(frozen=True, slots=True)
class BallotOptions:
    """Ballot parameters that are not in the record."""

    title: str | None = None  # default: from the election title, the posts and the round kind
    election_id: str | None = None  # default: election.id, else a hash of the election
    write_in_columns: int | None = None  # per post; default: seats (none in a tie-break)
    fingerprint_qr: bool = True
    meta: PdfMeta = field(default_factory=PdfMeta)


@dataclass(frozen=True, slots=True)
class Section:
    """One post on the sheet: its candidates in ballot order and its blank 另选他人 columns."""

    post_id: str
    post_name: str
    role: str
    seats: int
    candidate_ids: tuple[str, ...]
    names: tuple[str, ...]
    write_in_columns: int
    women_only: bool


@dataclass(frozen=True, slots=True)
class BallotContent:
    election_id: str
    round_id: str
    kind: RoundKind
    title: str
    sections: tuple[Section, ...]
    instructions: tuple[str, ...]
    fingerprint: str  # the QR payload, "" when the ballot carries no QR


def ballot_order(record: Record, candidate_ids: Sequence[str]) -> tuple[str, ...]:
    """Candidate ids in 姓氏笔画 order (RULES.md §7) by `ballots.strokes.sort_names`."""
    people = [record.candidate(cid) for cid in candidate_ids]
    order = sort_names(
        [(p.name, p.surname) for p in people],
        single_given_name_first=record.rules.single_given_name_first,
    ).order
    return tuple(people[i].id for i in order)


def round_contests(record: Record, round_id: str) -> tuple[RoundKind, tuple[Contest, ...]]:
    for r in record.rounds:
        if r.id == round_id:
            return r.kind, r.contests
    known = "、".join(r.id for r in record.rounds)
    raise DocumentError(
        "unknown_round",
        f"记录中没有轮次“{round_id}”（已有：{known}）",
        f"no round {round_id!r} in the record (rounds: {known})",
    )


def next_round_contests(
    record: Record, result: Mapping[str, object]
) -> tuple[RoundKind, tuple[Contest, ...]]:
    """The round the result asks for (`outcome.next_round`): a tie-break or 另行选举."""
    outcome = result.get("outcome")
    nxt = outcome.get("next_round") if isinstance(outcome, Mapping) else None
    if not isinstance(nxt, Mapping) or not isinstance(nxt.get("posts"), Mapping):
        raise DocumentError(
            "no_next_round",
            "计票结果不需要再进行一轮投票，没有可印制的下一轮选票",
            "the result needs no further round: there is no next-round ballot to print",
        )
    kind_raw = nxt.get("kind")
    if kind_raw == "repeat":
        # A void round is held again with its own candidates (RULES.md §5 reconciliation).
        return round_contests(record, record.rounds[-1].id)
    if kind_raw not in ("tie_break", "supplementary"):
        raise _bad_result("/outcome/next_round/kind")
    kind: RoundKind = "tie_break" if kind_raw == "tie_break" else "supplementary"
    known = {c.id for c in record.candidates}
    contests = []
    posts = nxt["posts"]
    assert isinstance(posts, Mapping)
    for post in record.posts:
        spec = posts.get(post.id)
        if spec is None:
            continue
        ids = spec.get("candidates") if isinstance(spec, Mapping) else None
        seats = spec.get("seats") if isinstance(spec, Mapping) else None
        if isinstance(spec, Mapping) and spec.get("needs_nomination") and not ids:
            # RECORD.md: a list the rules cannot fill (RULES.md §2); nobody to print yet.
            raise DocumentError(
                "needs_nomination",
                f"{post.name}须由组织者提名候选人（已当选委员中无人获得该职位选票），"
                "提名后才能印制下一轮选票",
                f"{post.name}: the organiser must nominate the candidates before the "
                "next-round ballot can be printed",
            )
        if (
            not isinstance(ids, list)
            or not all(isinstance(i, str) and i in known for i in ids)
            or not isinstance(seats, int)
        ):
            raise _bad_result(f"/outcome/next_round/posts/{post.id}")
        contests.append(Contest(post.id, seats, tuple(ids)))
    return kind, tuple(contests)


def _bad_result(ptr: str) -> DocumentError:
    return DocumentError(
        "invalid_result",
        f"计票结果中 {ptr} 不符合 RECORD.md 的格式",
        f"{ptr} in the result does not follow RECORD.md",
    )


def ballot_content(
    raw: Mapping[str, object],
    record: Record,
    round_id: str,
    kind: RoundKind,
    contests: Sequence[Contest],
    options: BallotOptions,
) -> BallotContent:
    """Assemble the sheet of one round from the parsed record and its contests."""
    by_post = {c.post: c for c in contests}
    sections = []
    for post in record.posts:  # sections in the record's post order (书记, 副书记, 委员)
        contest = by_post.get(post.id)
        if contest is None:
            continue
        ids = ballot_order(record, contest.candidates)
        write_ins = options.write_in_columns
        if write_ins is None:
            write_ins = 0 if kind == "tie_break" else contest.seats  # RULES.md §6.3
        sections.append(
            Section(
                post_id=post.id,
                post_name=post.name,
                role=post.role,
                seats=contest.seats,
                candidate_ids=ids,
                names=_printed_names(raw, record, post.name, ids),
                write_in_columns=write_ins,
                women_only=post.women_only,
            )
        )
    facts = [
        SectionFacts(s.post_name, s.role, s.seats, len(s.names), s.write_in_columns, s.women_only)
        for s in sections
    ]
    title = options.title or ballot_title(record.title, [s.post_name for s in sections], kind)
    election_id = options.election_id or election_identity(raw)
    return BallotContent(
        election_id=election_id,
        round_id=round_id,
        kind=kind,
        title=title,
        sections=tuple(sections),
        instructions=ballot_instructions(record.body, record.rules, kind, facts),
        fingerprint=(
            fingerprint(election_id, round_id, title, sections) if options.fingerprint_qr else ""
        ),
    )


def _printed_names(
    raw: Mapping[str, object], record: Record, post_name: str, ids: Sequence[str]
) -> tuple[str, ...]:
    """Names as printed; identical names carry their `note` (RULES.md §7.7: 出生年份、单位)."""
    names = [record.candidate(i).name for i in ids]
    notes = _candidate_notes(raw)
    printed = []
    for cid, name in zip(ids, names, strict=True):
        if names.count(name) == 1:
            printed.append(name)
            continue
        note = notes.get(cid)
        if not note:
            raise DocumentError(
                "duplicate_names",
                f"{post_name}有同名候选人“{name}”，须在候选人的 note 中注明出生年份或单位加以区分",
                f"two {post_name} candidates are named {name!r}: give each a distinguishing "
                "note (birth year, work unit)",
            )
        printed.append(f"{name}（{note}）")
    if len(set(printed)) != len(printed):
        raise DocumentError(
            "duplicate_names",
            f"{post_name}的同名候选人备注相同，无法区分",
            f"{post_name} candidates with the same name also have the same note",
        )
    return tuple(printed)


def _candidate_notes(raw: Mapping[str, object]) -> dict[str, str]:
    """`candidates[].note` of the raw record (an extra field RECORD.md allows)."""
    found: dict[str, str] = {}
    candidates = raw.get("candidates")
    for c in candidates if isinstance(candidates, list) else []:
        if isinstance(c, Mapping) and isinstance(c.get("note"), str):
            found[str(c.get("id"))] = c["note"]
    return found


def ballot_title(election_title: str, post_names: Sequence[str], kind: str) -> str:
    """E.g. 中共幸福社区支部委员会换届选举 → 中共幸福社区支部委员会书记、委员选举票."""
    base = election_title.strip()
    for suffix in ("换届选举", "选举"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
            break
    ending = {"tie_break": "重新投票选票", "supplementary": "另行选举选票"}.get(kind, "选举票")
    # A title that already names what is elected (…选举出席街道党代会代表, …出席上级党代会
    # 代表) is not followed by the posts again: …选举出席街道党代会代表选票.
    named = "选举" in base or any(p and base.endswith(p) for p in post_names)
    if named:
        return base + ("选票" if kind == "regular" else ending)
    return f"{base}{'、'.join(post_names)}{ending}"


def election_identity(raw: Mapping[str, object]) -> str:
    """`election.id` when the record has one, else a short hash of the election's identity."""
    election = raw.get("election")
    if isinstance(election, Mapping) and isinstance(election.get("id"), str | int):
        return str(election["id"])
    basis = {k: raw.get(k) for k in ("election", "posts", "candidates")}
    return hashlib.sha256(_canonical(basis).encode()).hexdigest()[:12]


def fingerprint(election_id: str, round_id: str, title: str, sections: Sequence[Section]) -> str:
    """The QR payload: election, round and a hash of the printed candidate list (no voter data)."""
    printed = [title, [[s.post_id, s.seats, list(s.names), s.write_in_columns] for s in sections]]
    digest = hashlib.sha256(_canonical(printed).encode()).hexdigest()[:20]
    return (
        f"{FINGERPRINT_SCHEME}?v=1&e={quote(election_id, safe='')}"
        f"&r={quote(round_id, safe='')}&h={digest}"
    )


def page_payload(fingerprint: str, number: int, count: int) -> str:
    """The QR payload of page `number` of a ballot of `count` pages: the round's fingerprint,
    then, on a ballot of several pages, the page (`&p=2&n=3`). Every copy of a page carries
    the same payload: it tells the pages of the ballot apart, never one voter's from another's."""
    return fingerprint if count == 1 else f"{fingerprint}&p={number}&n={count}"


def split_page(payload: str) -> tuple[str, int | None, int | None]:
    """A QR payload as (the round's fingerprint, page, page count); the page is None on a
    one-page ballot and on a ballot printed before pages were named in the QR."""
    found = _PAGE_SUFFIX.search(payload)
    if found is None:
        return payload, None, None
    return payload[: found.start()], int(found.group(1)), int(found.group(2))


def _canonical(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
