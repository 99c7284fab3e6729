"""The roll: who may vote, who is excluded from 应到 (approved), who signed in, proxies.

应到/实到 are always derived from these rows (RULES.md §2, §3), never typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.audit.service import append
from app.db import begin_write
from app.deps import Actor
from app.elections.models import Election
from app.elections.service import ballots_of, ensure_unlocked
from app.errors import Conflict, InvalidInput, InvalidState, NotFound
from app.names import clean_name, clean_note, namesake_clash
from app.roll.models import (
    STATUS_ZH,
    AmbiguousLine,
    AttendanceOut,
    ExclusionGroup,
    ExclusionIn,
    Proxy,
    ProxyIn,
    ProxyPublic,
    SignInListIn,
    SignInListOut,
    Voter,
    VoterCorrection,
    VoterPublic,
    VoterRemoval,
    VotersIn,
)
from app.rounds.models import Round
from app.timeutil import utcnow
from ballots.strokes import StrokeError, sort_names
from counting.rules import COMMITTEE_BODIES, PARTY_BODIES, rules_for

PARTY_STATUSES = ("full", "probationary", "on_probation", "suspended")


def has_vote(body: str, status: str) -> bool:
    """RULES.md §2 — only 正式党员 vote in party bodies; elsewhere registered voters/代表."""
    return status == "full" if body in PARTY_BODIES else status == "registered"


def roll_numbers(voters: list[Voter]) -> dict[int, int]:
    """序号 as the printed 签到表 gives them (姓氏笔画, ballots.documents.forms); the roll's
    own order while a name has a character the stroke table lacks (the sheet says which)."""
    try:
        order: Sequence[int] = sort_names([(v.name, None) for v in voters]).order
    except StrokeError:
        order = range(len(voters))
    return {voters[i].id or 0: n for n, i in enumerate(order, start=1)}


def voters_public(*, session: Session, election: Election,
                  only: list[Voter] | None = None) -> list[VoterPublic]:
    """The roll (or the `only` rows of it), each with its 序号."""
    assert election.id is not None
    roll = voters_of(session=session, election_id=roll_id(election))
    numbers = roll_numbers(roll)
    rows = roll if only is None else only
    return [voter_public(election.body, v, numbers.get(v.id or 0, 0)) for v in rows]


def voter_public(body: str, v: Voter, number: int) -> VoterPublic:
    assert v.id is not None
    return VoterPublic(id=v.id, number=number, name=v.name,
                       status=v.status, status_zh=STATUS_ZH[v.status],  # type: ignore[arg-type]
                       votes=has_vote(body, v.status), note=v.note,
                       exclusion_reason=v.exclusion_reason,
                       exclusion_approval=v.exclusion_approval,
                       signed_in=v.signed_in_at is not None)


def roll_id(election: Election) -> int:
    """The election whose roll and sign-in `election` uses: its own, or that of the first
    election of its meeting (one meeting, several ballots)."""
    assert election.id is not None
    return election.roll_of or election.id


def ensure_own_roll(*, session: Session, election: Election) -> None:
    if election.roll_of is not None:
        owner = session.get(Election, election.roll_of)
        title = owner.title if owner is not None else str(election.roll_of)
        raise Conflict(f"本选举与“{title}”共用名册和签到，请在那场选举的组织者页面或签到台办理",
                       code="roll_shared", detail={"roll_of": election.roll_of})


def voters_of(*, session: Session, election_id: int) -> list[Voter]:
    return list(session.execute(
        select(Voter).where(Voter.election_id == election_id).order_by(Voter.id)).scalars())


def add_voters(*, session: Session, election: Election, data: VotersIn,
               actor: Actor) -> list[Voter]:
    assert election.id is not None
    begin_write(session, election)
    ensure_own_roll(session=session, election=election)
    allowed = PARTY_STATUSES if election.body in PARTY_BODIES else ("registered",)
    for i, v in enumerate(data.voters):
        if v.status not in allowed:
            listed = "、".join(STATUS_ZH[s] for s in allowed)
            raise InvalidInput(f"第{i + 1}人“{v.name}”的身份不适用于本选举，应为：{listed}",
                               code="invalid_status")
    known = [(v.name, v.note) for v in voters_of(session=session, election_id=election.id)]
    for i, v in enumerate(data.voters):
        clash = namesake_clash(v.name, v.note, known)
        if clash:
            raise Conflict(f"第{i + 1}人：名册中{clash}", code="duplicate_voter",
                           detail={"index": i, "name": v.name})
        known.append((v.name, v.note))
    added = [Voter(election_id=election.id, name=v.name, status=v.status, note=v.note)
             for v in data.voters]
    session.add_all(added)
    session.flush()
    # The ids let `jipiao audit verify` replay later corrections and removals.
    append(session=session, election_id=election.id, actor=actor.name, action="roll.add",
           target=f"election:{election.id}", data={
               "voters": [v.model_dump() for v in data.voters], "ids": [v.id for v in added]})
    session.commit()
    return added


def get_voter(*, session: Session, election_id: int, voter_id: int) -> Voter:
    voter = session.get(Voter, voter_id)
    if voter is None or voter.election_id != election_id:
        raise NotFound("名册中没有这个人", code="voter_not_found")
    return voter


def ensure_roll_open(*, session: Session, election_id: int) -> None:
    """Names are corrected or removed only before 核对 (of any election on this roll): the
    count of 应到/实到 is taken there."""
    sharing = select(Election.id).where(Election.roll_of == election_id)
    checked = session.execute(select(Round.number).where(
        Round.election_id.in_([election_id, *session.execute(sharing).scalars()]),  # type: ignore[attr-defined]
        Round.state != "draft").limit(1)).scalar()
    if checked is not None:
        raise InvalidState("已核对到会人数，名册中的姓名不能再更正或删除",
                           code="roll_frozen")


def correct_voter(*, session: Session, election: Election, voter: Voter,
                  data: VoterCorrection, actor: Actor) -> Voter:
    """A mistyped name or a missing 出生年份/单位 put right before 核对, with the reason."""
    assert election.id is not None
    begin_write(session, election, voter)
    ensure_own_roll(session=session, election=election)
    ensure_roll_open(session=session, election_id=election.id)
    others = [(v.name, v.note) for v in voters_of(session=session, election_id=election.id)
              if v.id != voter.id]
    clash = namesake_clash(data.name, data.note, others)
    if clash:
        raise Conflict("名册中" + clash, code="duplicate_voter")
    before = {"name": voter.name, "note": voter.note}
    voter.name, voter.note = data.name, data.note
    session.add(voter)
    append(session=session, election_id=election.id, actor=actor.name, action="roll.correct",
           target=f"voter:{voter.id}", data={**data.model_dump(), "before": before})
    session.commit()
    return voter


def remove_voter(*, session: Session, election: Election, voter: Voter, data: VoterRemoval,
                 actor: Actor) -> None:
    """Someone who should not be on the roll, taken off before 核对, with the reason."""
    assert election.id is not None
    begin_write(session, election, voter)
    ensure_own_roll(session=session, election=election)
    ensure_roll_open(session=session, election_id=election.id)
    if any(voter.id in (p.grantor_id, p.holder_id)
           for p in proxies_of(session=session, election_id=election.id)):
        raise Conflict(f"{voter_label(voter)}有委托投票登记，请先撤销委托再删除",
                       code="voter_has_proxy")
    session.delete(voter)
    append(session=session, election_id=election.id, actor=actor.name, action="roll.remove",
           target=f"voter:{voter.id}",
           data={"name": voter.name, "note": voter.note, "reason": data.reason})
    session.commit()


def voter_label(v: Voter) -> str:
    """A voter as people read them: namesakes with their 出生年份/单位."""
    return f"{v.name}（{v.note}）" if v.note else v.name


def set_exclusion(*, session: Session, election: Election, voter: Voter,
                  data: ExclusionIn | None, actor: Actor) -> Voter:
    """An approved exclusion from 应到 (RULES.md §2 ⚙ notified_absentees_excluded for 村/居)."""
    assert election.id is not None
    begin_write(session, election, voter)
    ensure_own_roll(session=session, election=election)
    ensure_unlocked(session=session, election_id=election.id)
    if data is not None and voter.signed_in_at is not None:
        raise Conflict(f"{voter_label(voter)}已签到，不能再不计入应到", code="already_signed_in")
    voter.exclusion_reason = data.reason if data else None
    voter.exclusion_approval = data.approval if data else None
    session.add(voter)
    append(session=session, election_id=election.id, actor=actor.name,
           action="roll.exclude" if data else "roll.include", target=f"voter:{voter.id}",
           data={"name": voter.name, **(data.model_dump() if data else {})})
    session.commit()
    return voter


def sign_in(*, session: Session, election: Election, voter_ids: list[int], present: bool,
            actor: Actor, confirm: bool = False) -> list[Voter]:
    """签到 (or its undoing) at any desk: desks write one at a time (the election's row lock),
    and signing in someone already signed in keeps the first time."""
    assert election.id is not None
    begin_write(session, election)
    ensure_own_roll(session=session, election=election)
    voters = [get_voter(session=session, election_id=election.id, voter_id=i) for i in voter_ids]
    _mark_present(session, voters, present)
    data: dict[str, Any] = {"voter_ids": voter_ids}
    if not present:
        over = _issued_over_present(session=session, election=election, voters=voters)
        if over and not confirm:
            raise Conflict(over, code="sign_out_below_issued")
        if over:
            data["confirmed"] = over
    append(session=session, election_id=election.id, actor=actor.name,
           action="roll.sign_in" if present else "roll.sign_out",
           target=f"election:{election.id}", data=data)
    session.commit()
    return voters


def _issued_over_present(*, session: Session, election: Election,
                         voters: list[Voter]) -> str | None:
    """After 核对, signing voters out must not leave fewer present than ballots already
    issued (RULES.md §5: issued > present is a procedural error): the consequence, if so.
    Every ballot held on this roll is checked (the meeting's second ballot shares it)."""
    assert election.id is not None
    session.flush()
    names = "、".join(v.name for v in voters[:5]) + ("等" if len(voters) > 5 else "")
    for held in [election, *ballots_of(session=session, parent_id=election.id)]:
        rnd = session.execute(select(Round).where(Round.election_id == held.id)
                              .order_by(Round.number.desc()).limit(1)).scalars().first()  # type: ignore[attr-defined]
        if rnd is None or rnd.state not in ("issued", "counting", "counted") or (
                rnd.ballots_issued is None or rnd.attendance is None):
            continue
        after = {**rnd.attendance, **attendance_now(session=session, election=held)}
        if "registered" in rnd.attendance:
            after["registered"] = rnd.attendance["registered"]
        most, who = issue_limit(held.body, after)
        if rnd.ballots_issued <= most:
            continue
        which = f"“{held.title}”" if held is not election else ""
        return (f"{which}第{rnd.number}轮已发出选票{rnd.ballots_issued}张；撤销{names}的签到后"
                f"只剩{who}，发出的选票将多于投票人数（发票有误，签到表与发出的选票对不上）")
    return None


def _mark_present(session: Session, voters: list[Voter], present: bool) -> None:
    now = utcnow()
    for v in voters:
        if present and v.exclusion_reason is not None:
            raise Conflict(f"{voter_label(v)}已被批准不计入应到，如到会请先撤销该批准",
                           code="voter_excluded")
        if present and v.signed_in_at is not None:
            continue
        v.signed_in_at = now if present else None
        session.add(v)


def _line_key(line: str) -> tuple[str, str | None] | int | None:
    """A pasted line as (name, 备注) or a 序号; None for a blank or unreadable line."""
    text = unicodedata.normalize("NFKC", line).strip()
    if text.isdigit():
        return int(text)
    match = re.fullmatch(r"(.+?)\s*\(\s*(.*?)\s*\)", text)
    try:
        if match:
            return clean_name(match[1]), clean_note(match[2])
        return (clean_name(text), None) if text else None
    except ValueError:
        return None


def sign_in_list(*, session: Session, election: Election, data: SignInListIn,
                 actor: Actor) -> SignInListOut:
    """A pasted list of names or 序号: the lines naming one person are signed in; a name
    shared by namesakes, or naming nobody, is reported and signs in no one."""
    assert election.id is not None
    begin_write(session, election)
    ensure_own_roll(session=session, election=election)
    voters = voters_of(session=session, election_id=election.id)
    numbers = roll_numbers(voters)
    by_number = {numbers[v.id or 0]: v for v in voters}
    unknown: list[str] = []
    ambiguous: list[AmbiguousLine] = []
    found: dict[int, Voter] = {}
    for line in data.lines:
        key = _line_key(line)
        if key is None:
            if line.strip():
                unknown.append(line.strip())
            continue
        if isinstance(key, int):
            matches = [by_number[key]] if key in by_number else []
        else:
            # 王伟 alone names every 王伟; 王伟（1970年生） the one with that 备注.
            name, note = key
            matches = [v for v in voters if v.name == name and note in (None, v.note)]
        if not matches:
            unknown.append(line.strip())
        elif len(matches) > 1:
            ambiguous.append(AmbiguousLine(line=line.strip(), choices=[
                voter_public(election.body, v, numbers[v.id or 0]) for v in matches]))
        else:
            found[matches[0].id or 0] = matches[0]
    chosen = list(found.values())
    excluded = [v for v in chosen if v.exclusion_reason is not None]
    already = [v for v in chosen if v.signed_in_at is not None and v not in excluded]
    fresh = [v for v in chosen if v not in excluded and v not in already]
    if fresh:
        _mark_present(session, fresh, True)
        append(session=session, election_id=election.id, actor=actor.name,
               action="roll.sign_in", target=f"election:{election.id}",
               data={"voter_ids": [v.id for v in fresh]})
    session.commit()
    return SignInListOut(
        signed_in=[voter_label(v) for v in fresh], already=[voter_label(v) for v in already],
        excluded=[voter_label(v) for v in excluded], unknown=unknown, ambiguous=ambiguous,
        attendance=attendance_public(session=session, election=election))


def proxies_of(*, session: Session, election_id: int) -> list[Proxy]:
    return list(session.execute(
        select(Proxy).where(Proxy.election_id == election_id).order_by(Proxy.id)).scalars())


def proxy_names(*, session: Session, election_id: int) -> list[dict[str, str]]:
    """委托投票 as the public sees it (RULES.md §3): who gave a proxy to whom."""
    names = {v.id: v.name for v in voters_of(session=session, election_id=election_id)}
    return [{"grantor": names[p.grantor_id], "holder": names[p.holder_id]}
            for p in proxies_of(session=session, election_id=election_id)]


def proxy_public(*, session: Session, proxy: Proxy) -> ProxyPublic:
    assert proxy.id is not None
    holder, grantor = session.get(Voter, proxy.holder_id), session.get(Voter, proxy.grantor_id)
    assert holder is not None and grantor is not None
    return ProxyPublic(id=proxy.id, holder_id=proxy.holder_id, grantor_id=proxy.grantor_id,
                       holder_name=voter_label(holder), grantor_name=voter_label(grantor))


def add_proxy(*, session: Session, election: Election, data: ProxyIn, actor: Actor) -> Proxy:
    """委托投票 (RULES.md §3): 村/居 only, to another registered voter, capped per holder."""
    assert election.id is not None
    if election.body not in COMMITTEE_BODIES:
        raise Conflict("党组织选举和监督委员会推选不允许委托投票", code="proxy_not_allowed")
    begin_write(session, election)
    ensure_own_roll(session=session, election=election)
    rules = rules_for(election.body, election.rules)  # type: ignore[arg-type]
    if rules.electorate_mode == "representatives":
        raise Conflict("居民代表会议选举不允许委托投票", code="proxy_not_allowed")
    holder = get_voter(session=session, election_id=election.id, voter_id=data.holder_id)
    grantor = get_voter(session=session, election_id=election.id, voter_id=data.grantor_id)
    if holder.id == grantor.id:
        raise InvalidInput("不能委托给自己", code="invalid_proxy")
    existing = proxies_of(session=session, election_id=election.id)
    if any(p.grantor_id == grantor.id for p in existing):
        raise Conflict(f"{voter_label(grantor)}已经委托过他人", code="proxy_exists")
    if any(p.grantor_id == holder.id for p in existing) or any(
            p.holder_id == grantor.id for p in existing):
        raise Conflict("受托人本人已委托他人，或委托人已接受他人委托，不能转托",
                       code="proxy_chain")
    held = sum(1 for p in existing if p.holder_id == holder.id)
    if held >= rules.max_proxies_per_holder:
        raise Conflict(f"{voter_label(holder)}已接受{held}人委托，每人最多接受"
                       f"{rules.max_proxies_per_holder}人委托", code="proxy_cap")
    proxy = Proxy(election_id=election.id, holder_id=holder.id, grantor_id=grantor.id)  # type: ignore[arg-type]
    session.add(proxy)
    append(session=session, election_id=election.id, actor=actor.name, action="proxy.add",
           target=f"voter:{grantor.id}", data={"holder": holder.name, "grantor": grantor.name})
    session.commit()
    return proxy


def delete_proxy(*, session: Session, election: Election, proxy_id: int, actor: Actor) -> None:
    assert election.id is not None
    begin_write(session, election)
    ensure_own_roll(session=session, election=election)
    proxy = session.get(Proxy, proxy_id)
    if proxy is None or proxy.election_id != election.id:
        raise NotFound("找不到这份委托", code="proxy_not_found")
    session.delete(proxy)
    append(session=session, election_id=election.id, actor=actor.name, action="proxy.delete",
           target=f"proxy:{proxy_id}", data={})
    session.commit()


def attendance_now(*, session: Session, election: Election) -> dict[str, Any]:
    """The RECORD.md `attendance` of a round held now, derived from the roll."""
    assert election.id is not None
    voters = [v for v in voters_of(session=session, election_id=roll_id(election))
              if has_vote(election.body, v.status)]
    excluded = Counter(v.exclusion_reason for v in voters if v.exclusion_reason is not None)
    present = sum(1 for v in voters if v.signed_in_at is not None and v.exclusion_reason is None)
    groups = [{"count": n, "reason": reason} for reason, n in sorted(excluded.items())]
    if election.body in COMMITTEE_BODIES:
        # 委托投票 registered (RULES.md §3); whether the holder signed in does not matter:
        # sign-in is optional where the turnout is the ballots returned.
        entitled = {v.id for v in voters if v.exclusion_reason is None}
        proxies = sum(1 for p in proxies_of(session=session, election_id=roll_id(election))
                      if p.grantor_id in entitled)
        return {"registered": len(voters) - sum(excluded.values()), "present": present,
                "proxies": proxies, "excluded": groups}
    return {"entitled": len(voters), "excluded": groups, "present": present}


def expected_of(attendance: dict[str, Any]) -> int:
    """应到 of a party or 监委 `attendance` (RULES.md §2): those entitled to vote less the
    approved exclusions (stored as groups with their counts, or as one number)."""
    excluded = attendance.get("excluded", 0)
    if isinstance(excluded, list):
        excluded = sum(int(g["count"]) for g in excluded)
    return int(attendance["entitled"]) - int(excluded)


def issue_limit(body: str, attendance: dict[str, Any]) -> tuple[int, str]:
    """The most ballots a round may issue, and whom more would exceed (RULES.md §5): those
    present; 村/居 the registered voters and, where sign-in is recorded, those signed in with
    the proxies registered (RULES.md §3)."""
    if body not in COMMITTEE_BODIES:
        present = int(attendance["present"])
        return present, f"实到{present}人"
    registered = int(attendance["registered"])
    present, proxies = int(attendance.get("present") or 0), int(attendance.get("proxies") or 0)
    if present and present + proxies < registered:
        who = (f"已签到{present}人与委托投票{proxies}人之和{present + proxies}人" if proxies
               else f"已签到{present}人")
        return present + proxies, who
    return registered, f"登记选民{registered}人"


def attendance_public(*, session: Session, election: Election) -> AttendanceOut:
    a = attendance_now(session=session, election=election)
    groups = [ExclusionGroup(**g) for g in a["excluded"]]
    excluded = sum(g.count for g in groups)
    if "registered" in a:
        # RULES.md §3 — in 户代表 mode the roll counts households.
        rules = rules_for(election.body, election.rules)  # type: ignore[arg-type]
        unit = "户" if rules.electorate_mode == "households" else "人"
        text = (f"登记{a['registered']}{unit}（另有{excluded}{unit}经批准不计入），"
                f"已签到{a['present']}{unit}（签到可选），委托投票{a['proxies']}{unit}")
        return AttendanceOut(entitled=None, excluded=groups, expected=None, present=a["present"],
                             registered=a["registered"], proxies=a["proxies"], text=text)
    expected = expected_of(a)
    text = (f"有选举权{a['entitled']}人，经批准不计入{excluded}人，"
            f"应到{expected}人，实到{a['present']}人")
    return AttendanceOut(entitled=a["entitled"], excluded=groups, expected=expected,
                         present=a["present"], registered=None, proxies=0, text=text)
