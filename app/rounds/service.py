"""Running a round: quorum gate, issuing, returning, counting, decisions, sign-off, publication.

Every decision is the counting core's: the gates come from `round_gates`/`candidate_checks`,
the result from `app.calculator.count_document` over the round's RECORD.md record.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.audit.service import append
from app.calculator import count_document
from app.db import begin_write
from app.deps import Actor
from app.elections.models import Election
from app.elections.service import candidates_of, checks_out, post_role, posts_of
from app.entry.ballots import differences
from app.errors import Conflict, GateFailed, InvalidInput, NotFound
from app.roll.service import attendance_now, issue_limit
from app.rounds import boxes as box_rules
from app.rounds.counts import correction_refused, void_reason
from app.rounds.models import DecisionsIn, IssueIn, ReturnIn, Round, RoundPublic
from app.rounds.record import parse_or_422, prospective_round, record_upto
from app.rounds.states import ACTIONS, STATE_ZH, require_action
from app.timeutil import utcnow
from app.units.rollup import refresh_progress
from app.vetting.service import ensure_vetted
from counting import RecordError, candidate_checks, dumps, round_gates
from counting.rules import COMMITTEE_BODIES


def rounds_of(*, session: Session, election_id: int) -> list[Round]:
    return list(session.execute(
        select(Round).where(Round.election_id == election_id).order_by(Round.number)).scalars())


def get_round(*, session: Session, election_id: int, round_id: int) -> Round:
    rnd = session.get(Round, round_id)
    if rnd is None or rnd.election_id != election_id:
        raise NotFound("找不到这一轮投票", code="round_not_found")
    return rnd


def entered_count(rnd: Round, channel: str = "A") -> int:
    """Active (not voided) ballot entries of `channel`."""
    return rnd.entered_b if channel == "B" else rnd.entered_a


def add_entered(rnd: Round, channel: str, n: int) -> None:
    """Count `n` more (or fewer) active entries; the caller holds the round's write lock."""
    if channel == "B":
        rnd.entered_b += n
    else:
        rnd.entered_a += n


def round_public(*, session: Session, rnd: Round) -> RoundPublic:
    assert rnd.id is not None
    election = session.get(Election, rnd.election_id)
    assert election is not None
    actions = list(ACTIONS[rnd.state])
    if "next" in actions and not needs_round(rnd):
        actions.remove("next")
    if "boxes" in actions and election.body not in COMMITTEE_BODIES:
        actions.remove("boxes")  # RULES.md §3 "Boxes": 村/居 only
    if correction_refused(session=session, rnd=rnd) is None:
        # RULES.md §5: until the first ballot is entered; a void round's slip before `next`.
        actions.insert(actions.index("next") if "next" in actions else len(actions),
                       "correct_counts")
    return RoundPublic(
        id=rnd.id, number=rnd.number, key=rnd.key, kind=rnd.kind, state=rnd.state,  # type: ignore[arg-type]
        state_zh=state_zh(election, rnd), contests=rnd.contests, repeats_round=rnd.repeats_round,
        double_entry=rnd.double_entry, attendance=rnd.attendance,
        ballots_issued=rnd.ballots_issued, ballots_returned=rnd.ballots_returned,
        entered=entered_count(rnd), totals=rnd.totals, ballots_void=rnd.ballots_void,
        boxes=rnd.boxes, turnout=box_rules.turnout(election, rnd), void_reason=void_reason(rnd),
        checks=rnd.checks or [], result=rnd.result, signed_off_by=rnd.signed_off_by,
        published_at=rnd.published_at, record_sha256=rnd.record_sha256,
        result_sha256=rnd.result_sha256, actions=actions,
    )


def state_zh(election: Election, rnd: Round) -> str:
    if rnd.state == "quorum_checked" and election.body in COMMITTEE_BODIES:
        return "候选人名单已确认，可以发出选票"  # RULES.md §3: no 到会 to check in a village
    return STATE_ZH[rnd.state]


def _touch(session: Session, rnd: Round) -> None:
    rnd.version += 1
    session.add(rnd)


def create_first_round(*, session: Session, election: Election, double_entry: bool,
                       actor: Actor) -> Round:
    assert election.id is not None
    begin_write(session, election)
    if rounds_of(session=session, election_id=election.id):
        raise Conflict("第一轮已经建立；重新投票或另行选举的轮次请用“建立下一轮”，由计票结果生成",
                       code="round_exists")
    rnd = Round(election_id=election.id, number=1, kind="regular", double_entry=double_entry)
    session.add(rnd)
    session.flush()
    append(session=session, election_id=election.id, actor=actor.name, action="round.create",
           target=f"round:{rnd.key}", data={"kind": "regular", "double_entry": double_entry})
    session.commit()
    return rnd


def needs_round(rnd: Round) -> dict[str, Any] | None:
    """The `next_round` the last result asks for (RECORD.md outcome), if any."""
    if rnd.state not in ("counted", "published", "void") or rnd.result is None:
        return None
    outcome = rnd.result.get("outcome", {})
    nxt: dict[str, Any] | None = outcome.get("next_round")
    if rnd.state == "void" and nxt is None:
        return {"kind": "repeat"}
    return nxt


def pending_next_round(*, session: Session, election_id: int) -> dict[str, Any]:
    """The next round the last result asks for; a post whose list is empty
    (`needs_nomination`) also lists the elected 委员 who may be nominated (`nominees`)."""
    rounds = rounds_of(session=session, election_id=election_id)
    nxt = needs_round(rounds[-1]) if rounds else None
    if nxt is None:
        raise Conflict("计票结果不需要再进行投票（或本轮尚未计票完毕）", code="no_next_round")
    posts = nxt.get("posts", {})
    if any(spec.get("needs_nomination") for spec in posts.values()):
        result = rounds[-1].result or {}
        names = {c.key: c.name for c in candidates_of(session=session, election_id=election_id)}
        nominees = [{"id": c, "name": names[c]} for c in elected_members(
            session=session, election_id=election_id, outcome=result.get("outcome", {}))]
        nxt = {**nxt, "posts": {post: {**spec, "nominees": nominees}
                                if spec.get("needs_nomination") else spec
                                for post, spec in posts.items()}}
    return nxt


def elected_members(*, session: Session, election_id: int,
                    outcome: dict[str, Any]) -> list[str]:
    """Candidate ids the result elected to a 委员 post (write-in winners are no candidates)."""
    member_posts = [p.key for p in posts_of(session=session, election_id=election_id)
                    if post_role(p.key, p.role) == "member"]
    elected = outcome.get("elected", {})
    return [c for post in member_posts for c in elected.get(post, []) if isinstance(c, str)]


def nominated_contests(*, session: Session, election_id: int, result: dict[str, Any],
                       posts: dict[str, Any],
                       nominations: dict[str, list[str]] | None) -> dict[str, Any]:
    """The next round's posts: as the result says, except that a post whose list the rules
    leave empty (RULES.md §2, `needs_nomination`) takes the elected 委员 the organiser names."""
    nominations = nominations or {}
    needed = [post for post, spec in posts.items() if spec.get("needs_nomination")]
    names = {p.key: p.name for p in posts_of(session=session, election_id=election_id)}
    for post in nominations:
        if post not in needed:
            raise InvalidInput(f"{names.get(post, post)}的候选人由计票结果确定，不能另行提名",
                               code="nomination_not_needed", detail={"post": post})
    missing = [post for post in needed if not nominations.get(post)]
    if missing:
        listed = "、".join(names.get(p, p) for p in missing)
        raise InvalidInput(f"{listed}没有可以列入下一轮的候选人（没有当选委员在该职位得票），"
                           "请从当选委员中提名候选人", code="needs_nomination",
                           detail={"posts": missing})
    if not needed:
        return posts
    candidates = {c.key: c.name for c in candidates_of(session=session, election_id=election_id)}
    members = set(elected_members(session=session, election_id=election_id,
                                  outcome=result.get("outcome", {})))
    contests = dict(posts)
    for post in needed:
        ids = nominations[post]
        if len(set(ids)) != len(ids):
            raise InvalidInput(f"{names.get(post, post)}的提名人选重复", code="duplicate_candidate")
        for cid in ids:
            if cid not in candidates:
                raise InvalidInput(f"没有编号为“{cid}”的候选人", code="unknown_candidate",
                                   detail={"post": post, "candidate": cid})
            if cid not in members:
                # RULES.md §2 — 书记/副书记 must be elected 委员.
                raise InvalidInput(f"{candidates[cid]}（{cid}）不是当选委员，"
                                   f"不能被提名为{names.get(post, post)}候选人",
                                   code="not_elected_member",
                                   detail={"post": post, "candidate": cid})
        spec = {k: v for k, v in posts[post].items() if k != "needs_nomination"}
        contests[post] = {**spec, "candidates": list(ids)}
    return contests


def create_next_round(*, session: Session, election: Election, double_entry: bool,
                      actor: Actor, nominations: dict[str, list[str]] | None = None) -> Round:
    """A tie-break, 另行选举 or repeat round, exactly as the last result says (never typed);
    only a list the rules leave empty is named by the organiser (RULES.md §2)."""
    assert election.id is not None
    begin_write(session, election)
    rounds = rounds_of(session=session, election_id=election.id)
    if not rounds:
        raise Conflict("还没有第一轮投票", code="no_round")
    last = rounds[-1]
    if last.state not in ("counted", "published", "void"):
        raise Conflict(f"第{last.number}轮尚未计票完毕，不能建立下一轮", code="round_open")
    nxt = needs_round(last)
    if nxt is None:
        raise Conflict("计票结果不需要再进行投票", code="no_next_round")
    nominated: dict[str, Any] = {}
    if nxt["kind"] == "repeat":
        if nominations:
            raise InvalidInput("重新举行的一轮沿用原来的候选人，不能另行提名",
                               code="nomination_not_needed")
        kind, contests, repeats = last.kind, last.contests, last.number
    else:
        assert last.result is not None
        kind, repeats = nxt["kind"], None
        contests = nominated_contests(session=session, election_id=election.id,
                                      result=last.result, posts=nxt["posts"],
                                      nominations=nominations)
        names = {c.key: c.name for c in candidates_of(session=session, election_id=election.id)}
        nominated = {post: {"needs_nomination": True, "candidates": contests[post]["candidates"],
                            "names": [names[c] for c in contests[post]["candidates"]]}
                     for post, spec in nxt["posts"].items() if spec.get("needs_nomination")}
    # The same boxes (中心会场, 投票站, 流动票箱) by name, to be issued and returned afresh.
    boxes = [{k: b[k] for k in ("id", "kind", "name", "carrier", "scrutineers") if k in b}
             for b in last.boxes or []] or None
    rnd = Round(election_id=election.id, number=last.number + 1, kind=kind, contests=contests,
                repeats_round=repeats, double_entry=double_entry, boxes=boxes)
    session.add(rnd)
    session.flush()
    data: dict[str, Any] = {"kind": kind, "posts": contests, "from": last.key,
                            "double_entry": double_entry}
    if nominated:
        data["nominations"] = nominated
    append(session=session, election_id=election.id, actor=actor.name, action="round.create",
           target=f"round:{rnd.key}", data=data)
    session.commit()
    return rnd


def check_quorum(*, session: Session, election: Election, rnd: Round, actor: Actor) -> Round:
    """会议有效/选举有效 before any ballot goes out (RULES.md §2, §3, §4), and 差额."""
    begin_write(session, rnd)
    require_action(rnd, "quorum")
    snapshot = attendance_now(session=session, election=election)
    if (snapshot.get("registered") or snapshot.get("entitled")) in (0, None):
        # RULES.md §3: no registered voters, no turnout to reach.
        raise GateFailed("名册中还没有有选举权的人，请先录入名册", code="empty_roll")
    doc = record_upto(session=session, election=election, rnd=rnd, attendance=snapshot, open_=True)
    doc["rounds"][-1] = prospective_round(doc, rnd, snapshot, election.body)
    record = parse_or_422(doc)
    # RULES.md §3 — a 村/居 turnout is the ballots returned, known when the boxes are opened:
    # sign-in is optional (a 投票站 checks the 选民证), the candidate list gates the ballots.
    checks = [] if election.body in COMMITTEE_BODIES else list(round_gates(record, rnd.key))
    if rnd.kind == "regular":
        checks += list(candidate_checks(record))  # RULES.md §2: no ballots for a failed 差额
    out = [c.model_dump() for c in checks_out(checks)]
    failed = [c for c in checks if not c.ok]
    if failed:
        raise GateFailed("；".join(c.text for c in failed), code="gate_failed",
                         detail={"checks": out})
    rnd.attendance, rnd.checks, rnd.state = snapshot, out, "quorum_checked"
    _touch(session, rnd)
    append(session=session, election_id=rnd.election_id, actor=actor.name, action="round.quorum",
           target=f"round:{rnd.key}", data={"attendance": snapshot, "checks": out})
    session.commit()
    return rnd


def ensure_list_final(doc: dict[str, Any]) -> None:
    """No ballots for a candidate list that fails 差额 or the women-only rule (RULES.md §2, §3)."""
    checks = list(candidate_checks(parse_or_422(doc)))
    failed = [c for c in checks if not c.ok]
    if failed:
        raise GateFailed("候选人名单尚未确定：" + "；".join(c.text for c in failed),
                         code="candidates_not_final",
                         detail={"checks": [c.model_dump() for c in checks_out(checks)]})


def ballot_count(rnd: Round, boxes: dict[str, int] | None, total: int | None,
                  verb: str) -> tuple[int, dict[str, int] | None]:
    """发出/收回: per box when the round has boxes (their sum, which a total given as well
    must equal), else the one figure."""
    if rnd.boxes:
        by_box = box_rules.per_box(rnd, boxes, verb)
        counted = sum(by_box.values())
        if total is not None and total != counted:
            raise InvalidInput(f"各票箱{verb}合计{counted}张，与填写的{total}张不符",
                               code="boxes_sum")
        return counted, by_box
    if total is None:
        raise InvalidInput(f"请填写{verb}的选票张数", code="invalid_count")
    return total, None


def check_issued(*, session: Session, election: Election, rnd: Round, issued: int) -> None:
    """RULES.md §5 — no more ballots out than voters present (村/居: registered, and those
    signed in with the proxies they hold, where sign-in is recorded)."""
    assert rnd.attendance is not None
    attendance = rnd.attendance
    if election.body in COMMITTEE_BODIES:
        # RULES.md §3 — a village signs its voters in all day: those in when ballots go out.
        now = attendance_now(session=session, election=election)
        attendance = {**attendance, "present": now["present"], "proxies": now["proxies"]}
    if issued < 1:
        raise InvalidInput("发出的选票数应至少为1张", code="invalid_count")
    most, who = issue_limit(election.body, attendance)
    if issued > most:
        raise GateFailed(f"发出选票{issued}张，多于{who}", code="issued_le_present",
                         detail={"actual": issued, "required": most})


def issue_ballots(*, session: Session, election: Election, rnd: Round, data: IssueIn,
                  actor: Actor) -> Round:
    begin_write(session, rnd)
    require_action(rnd, "issue")
    ensure_vetted(session=session, election=election)
    assert rnd.attendance is not None
    issued, by_box = ballot_count(rnd, data.boxes, data.ballots_issued, "发出")
    check_issued(session=session, election=election, rnd=rnd, issued=issued)
    rnd.ballots_issued, rnd.state = issued, "issued"
    log: dict[str, Any] = {"ballots_issued": issued}
    if by_box is not None:
        rnd.boxes = box_rules.with_counts(rnd, by_box, "issued")
        log["boxes"] = by_box
    _touch(session, rnd)
    refresh_progress(session=session, election=election)
    append(session=session, election_id=rnd.election_id, actor=actor.name, action="round.issue",
           target=f"round:{rnd.key}", data=log)
    session.commit()
    return rnd


def compute_result(*, session: Session, election: Election, rnd: Round) -> dict[str, Any]:
    doc = record_upto(session=session, election=election, rnd=rnd)
    try:
        return count_document(doc)
    except (RecordError, ValueError) as err:
        problems = getattr(err, "problems", ())
        raise Conflict(f"记录无法计票：{err}", code="invalid_record", detail={"problems": [
            {"pointer": p.pointer, "zh": p.zh, "en": p.en} for p in problems]}) from None


def return_ballots(*, session: Session, election: Election, rnd: Round, data: ReturnIn,
                   actor: Actor) -> Round:
    begin_write(session, rnd)
    require_action(rnd, "return")
    assert rnd.ballots_issued is not None
    log: dict[str, Any] = {}
    returned, by_box = ballot_count(rnd, data.boxes, data.ballots_returned, "收回")
    if by_box is not None:
        rnd.boxes = box_rules.with_counts(rnd, by_box, "returned")
        log["boxes"] = by_box
    rnd.ballots_returned = returned
    if returned > rnd.ballots_issued or box_rules.over_returned(rnd):
        # RULES.md §5 — more returned than issued (in the round or in one box): the whole
        # round is void, held again.
        rnd.state = "void"
        rnd.result = compute_result(session=session, election=election, rnd=rnd)
    else:
        rnd.state = "counting"
    _touch(session, rnd)
    refresh_progress(session=session, election=election)
    append(session=session, election_id=rnd.election_id, actor=actor.name, action="round.return",
           target=f"round:{rnd.key}",
           data={"ballots_returned": returned, "state": rnd.state, **log,
                 **({"result_sha256": sha256_text(dumps(rnd.result))} if rnd.result else {})})
    session.commit()
    return rnd


def ensure_entries_complete(*, session: Session, rnd: Round) -> None:
    assert rnd.id is not None and rnd.ballots_returned is not None
    if rnd.totals is not None:
        return
    box_rules.ensure_boxes_complete(session=session, rnd=rnd)
    expected = box_rules.entry_limit(rnd)
    channels = ("A", "B") if rnd.double_entry else ("A",)
    for channel in channels:
        n = entered_count(rnd, channel)
        if n != expected:
            who = f"（{channel}组）" if rnd.double_entry else ""
            what = "逐张录入的票箱收回" if expected != rnd.ballots_returned else "收回"
            raise Conflict(f"已录入{n}张选票{who}，{what}{expected}张，两者一致后才能计票",
                           code="entries_incomplete",
                           detail={"channel": channel, "entered": n, "returned": expected})
    if rnd.double_entry:
        open_ = [p for p, _a, _b, resolved in differences(session=session, rnd=rnd)
                 if resolved is None]
        if open_:
            places = "、".join(str(p) for p in open_[:10])
            raise Conflict(f"两名计票人的录入在第{places}张不一致，须由监票人裁定后才能计票",
                           code="differences_open", detail={"positions": open_})


def count_round(*, session: Session, election: Election, rnd: Round, actor: Actor) -> Round:
    begin_write(session, rnd)
    require_action(rnd, "count")
    ensure_entries_complete(session=session, rnd=rnd)
    rnd.result = compute_result(session=session, election=election, rnd=rnd)
    rnd.state = "counted"
    _touch(session, rnd)
    refresh_progress(session=session, election=election)
    append(session=session, election_id=rnd.election_id, actor=actor.name, action="round.count",
           target=f"round:{rnd.key}", data={"result_sha256": sha256_text(dumps(rnd.result))})
    session.commit()
    return rnd


def record_decisions(*, session: Session, election: Election, rnd: Round, data: DecisionsIn,
                     actor: Actor) -> Round:
    """RULES.md §6.4 — the meeting reduces the seats to those filled; recounted at once."""
    begin_write(session, rnd)
    require_action(rnd, "decisions")
    rnd.decisions = {"reduce_seats": data.reduce_seats, "decided_by": data.decided_by}
    rnd.signed_off_by = None
    rnd.result = compute_result(session=session, election=election, rnd=rnd)
    _touch(session, rnd)
    refresh_progress(session=session, election=election)
    append(session=session, election_id=rnd.election_id, actor=actor.name,
           action="round.decisions", target=f"round:{rnd.key}",
           data={**rnd.decisions, "result_sha256": sha256_text(dumps(rnd.result))})
    session.commit()
    return rnd


def sign_off(*, session: Session, rnd: Round, names: str, actor: Actor) -> Round:
    begin_write(session, rnd)
    require_action(rnd, "sign_off")
    rnd.signed_off_by = names
    _touch(session, rnd)
    append(session=session, election_id=rnd.election_id, actor=actor.name, action="round.sign_off",
           target=f"round:{rnd.key}", data={"names": names})
    session.commit()
    return rnd


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def publish(*, session: Session, election: Election, rnd: Round, actor: Actor) -> Round:
    """Freeze the record and the result (byte-exact, hashed) and make them public."""
    begin_write(session, rnd)
    require_action(rnd, "publish")
    if not rnd.signed_off_by:
        raise Conflict("监票人签字确认后才能公布结果", code="not_signed_off")
    record_text = dumps(record_upto(session=session, election=election, rnd=rnd))
    result_text = dumps(rnd.result)
    rnd.published_record, rnd.published_result = record_text, result_text
    rnd.record_sha256, rnd.result_sha256 = sha256_text(record_text), sha256_text(result_text)
    rnd.state, rnd.published_at = "published", utcnow()
    _touch(session, rnd)
    append(session=session, election_id=rnd.election_id, actor=actor.name, action="round.publish",
           target=f"round:{rnd.key}",
           data={"record_sha256": rnd.record_sha256, "result_sha256": rnd.result_sha256})
    session.commit()
    return rnd

