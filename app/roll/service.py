"""The roll: who may vote, who is excluded from 应到 (approved), who signed in, proxies.

应到/实到 are always derived from these rows (RULES.md §2, §3), never typed.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.audit.service import append
from app.db import begin_write
from app.deps import Actor
from app.elections.models import Election
from app.elections.service import ensure_unlocked
from app.errors import Conflict, InvalidInput, NotFound
from app.roll.models import (
    STATUS_ZH,
    AttendanceOut,
    ExclusionGroup,
    ExclusionIn,
    Proxy,
    ProxyIn,
    ProxyPublic,
    Voter,
    VoterPublic,
    VotersIn,
)
from app.rounds.models import Round
from app.timeutil import utcnow
from counting.rules import COMMITTEE_BODIES, PARTY_BODIES, rules_for

PARTY_STATUSES = ("full", "probationary", "on_probation", "suspended")


def has_vote(body: str, status: str) -> bool:
    """RULES.md §2 — only 正式党员 vote in party bodies; elsewhere registered voters/代表."""
    return status == "full" if body in PARTY_BODIES else status == "registered"


def voter_public(body: str, v: Voter) -> VoterPublic:
    assert v.id is not None
    return VoterPublic(id=v.id, name=v.name, status=v.status, status_zh=STATUS_ZH[v.status],  # type: ignore[arg-type]
                       votes=has_vote(body, v.status), note=v.note,
                       exclusion_reason=v.exclusion_reason,
                       exclusion_approval=v.exclusion_approval,
                       signed_in=v.signed_in_at is not None)


def voters_of(*, session: Session, election_id: int) -> list[Voter]:
    return list(session.execute(
        select(Voter).where(Voter.election_id == election_id).order_by(Voter.id)).scalars())


def add_voters(*, session: Session, election: Election, data: VotersIn,
               actor: Actor) -> list[Voter]:
    assert election.id is not None
    begin_write(session, election)
    allowed = PARTY_STATUSES if election.body in PARTY_BODIES else ("registered",)
    for i, v in enumerate(data.voters):
        if v.status not in allowed:
            listed = "、".join(STATUS_ZH[s] for s in allowed)
            raise InvalidInput(f"第{i + 1}人“{v.name}”的身份不适用于本选举，应为：{listed}",
                               code="invalid_status")
    added = [Voter(election_id=election.id, name=v.name, status=v.status, note=v.note)
             for v in data.voters]
    session.add_all(added)
    append(session=session, election_id=election.id, actor=actor.name, action="roll.add",
           target=f"election:{election.id}", data={"voters": [v.model_dump() for v in data.voters]})
    session.commit()
    return added


def get_voter(*, session: Session, election_id: int, voter_id: int) -> Voter:
    voter = session.get(Voter, voter_id)
    if voter is None or voter.election_id != election_id:
        raise NotFound("名册中没有这个人", code="voter_not_found")
    return voter


def set_exclusion(*, session: Session, election: Election, voter: Voter,
                  data: ExclusionIn | None, actor: Actor) -> Voter:
    """An approved exclusion from 应到 (RULES.md §2 ⚙ notified_absentees_excluded for 村/居)."""
    assert election.id is not None
    begin_write(session, election, voter)
    ensure_unlocked(session=session, election_id=election.id)
    if data is not None and voter.signed_in_at is not None:
        raise Conflict(f"{voter.name}已签到，不能再不计入应到", code="already_signed_in")
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
    assert election.id is not None
    begin_write(session, election)
    voters = [get_voter(session=session, election_id=election.id, voter_id=i) for i in voter_ids]
    now = utcnow()
    for v in voters:
        if present and v.exclusion_reason is not None:
            raise Conflict(f"{v.name}已被批准不计入应到，如到会请先撤销该批准",
                           code="voter_excluded")
        v.signed_in_at = now if present else None
        session.add(v)
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
    issued (RULES.md §5: issued > present is a procedural error): the consequence, if so."""
    assert election.id is not None
    rnd = session.execute(select(Round).where(Round.election_id == election.id)
                          .order_by(Round.number.desc()).limit(1)).scalars().first()  # type: ignore[attr-defined]
    if rnd is None or rnd.state not in ("issued", "counting", "counted") or (
            rnd.ballots_issued is None or rnd.attendance is None):
        return None
    session.flush()
    after = {**rnd.attendance, **attendance_now(session=session, election=election)}
    if "registered" in rnd.attendance:
        after["registered"] = rnd.attendance["registered"]
    most, who = issue_limit(election.body, after)
    if rnd.ballots_issued <= most:
        return None
    names = "、".join(v.name for v in voters[:5]) + ("等" if len(voters) > 5 else "")
    return (f"第{rnd.number}轮已发出选票{rnd.ballots_issued}张；撤销{names}的签到后只剩"
            f"{who}，发出的选票将多于投票人数（发票有误，签到表与发出的选票对不上）")


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
                       holder_name=holder.name, grantor_name=grantor.name)


def add_proxy(*, session: Session, election: Election, data: ProxyIn, actor: Actor) -> Proxy:
    """委托投票 (RULES.md §3): 村/居 only, to another registered voter, capped per holder."""
    assert election.id is not None
    if election.body not in COMMITTEE_BODIES:
        raise Conflict("党组织选举和监督委员会推选不允许委托投票", code="proxy_not_allowed")
    begin_write(session, election)
    rules = rules_for(election.body, election.rules)  # type: ignore[arg-type]
    if rules.electorate_mode == "representatives":
        raise Conflict("居民代表会议选举不允许委托投票", code="proxy_not_allowed")
    holder = get_voter(session=session, election_id=election.id, voter_id=data.holder_id)
    grantor = get_voter(session=session, election_id=election.id, voter_id=data.grantor_id)
    if holder.id == grantor.id:
        raise InvalidInput("不能委托给自己", code="invalid_proxy")
    existing = proxies_of(session=session, election_id=election.id)
    if any(p.grantor_id == grantor.id for p in existing):
        raise Conflict(f"{grantor.name}已经委托过他人", code="proxy_exists")
    if any(p.grantor_id == holder.id for p in existing) or any(
            p.holder_id == grantor.id for p in existing):
        raise Conflict("受托人本人已委托他人，或委托人已接受他人委托，不能转托",
                       code="proxy_chain")
    held = sum(1 for p in existing if p.holder_id == holder.id)
    if held >= rules.max_proxies_per_holder:
        raise Conflict(f"{holder.name}已接受{held}人委托，每人最多接受"
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
    voters = [v for v in voters_of(session=session, election_id=election.id)
              if has_vote(election.body, v.status)]
    excluded = Counter(v.exclusion_reason for v in voters if v.exclusion_reason is not None)
    present = sum(1 for v in voters if v.signed_in_at is not None and v.exclusion_reason is None)
    groups = [{"count": n, "reason": reason} for reason, n in sorted(excluded.items())]
    if election.body in COMMITTEE_BODIES:
        # 委托投票 registered (RULES.md §3); whether the holder signed in does not matter:
        # sign-in is optional where the turnout is the ballots returned.
        entitled = {v.id for v in voters if v.exclusion_reason is None}
        proxies = sum(1 for p in proxies_of(session=session, election_id=election.id)
                      if p.grantor_id in entitled)
        return {"registered": len(voters) - sum(excluded.values()), "present": present,
                "proxies": proxies, "excluded": groups}
    return {"entitled": len(voters), "excluded": groups, "present": present}


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
    expected = a["entitled"] - excluded
    text = (f"有选举权{a['entitled']}人，经批准不计入{excluded}人，"
            f"应到{expected}人，实到{a['present']}人")
    return AttendanceOut(entitled=a["entitled"], excluded=groups, expected=expected,
                         present=a["present"], registered=None, proxies=0, text=text)
