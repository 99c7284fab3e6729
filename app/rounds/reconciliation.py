"""The organiser's correction of 发出/收回 (RULES.md §5), with a reason, until the first
ballot is entered: the round is void or counting again as the corrected figures say."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from app.audit.service import append
from app.db import begin_write
from app.deps import Actor
from app.elections.models import Election
from app.errors import Conflict, InvalidInput
from app.rounds import boxes as box_rules
from app.rounds.counts import correction_refused
from app.rounds.models import CountsCorrectionIn, Round
from app.rounds.service import (
    ballot_count,
    check_issued,
    compute_result,
    sha256_text,
)
from app.units.rollup import refresh_progress
from counting import dumps


def correct_counts(*, session: Session, election: Election, rnd: Round,
                   data: CountsCorrectionIn, actor: Actor) -> Round:
    """Correct 发出 and/or 收回 (per box where the round has boxes); the round is void or
    counting again as the corrected figures say (RULES.md §5)."""
    begin_write(session, rnd)
    refused = correction_refused(session=session, rnd=rnd)
    if refused is not None:
        raise refused
    issued_given = data.ballots_issued is not None or data.boxes_issued is not None
    returned_given = data.ballots_returned is not None or data.boxes_returned is not None
    if not issued_given and not returned_given:
        raise InvalidInput("请填写更正后的发出或收回选票张数", code="nothing_to_correct")
    if returned_given and rnd.ballots_returned is None:
        raise Conflict("还没有登记收回的选票，请先登记收回", code="not_returned")
    reason = data.reason.strip()
    if not reason:
        raise InvalidInput("请填写更正的理由", code="reason_required")
    before = {"ballots_issued": rnd.ballots_issued, "ballots_returned": rnd.ballots_returned}
    log: dict[str, Any] = {}
    if issued_given:
        issued, by_box = ballot_count(rnd, data.boxes_issued, data.ballots_issued, "发出")
        check_issued(session=session, election=election, rnd=rnd, issued=issued)
        if by_box is not None:
            rnd.boxes = box_rules.with_counts(rnd, by_box, "issued")
            log["boxes_issued"] = by_box
        rnd.ballots_issued = issued
    if returned_given:
        returned, by_box = ballot_count(rnd, data.boxes_returned, data.ballots_returned, "收回")
        if by_box is not None:
            rnd.boxes = box_rules.with_counts(rnd, by_box, "returned")
            log["boxes_returned"] = by_box
        rnd.ballots_returned = returned
    rnd.result = None
    if rnd.ballots_returned is not None:
        assert rnd.ballots_issued is not None
        void = rnd.ballots_returned > rnd.ballots_issued or bool(box_rules.over_returned(rnd))
        rnd.state = "void" if void else "counting"
        if void:
            rnd.result = compute_result(session=session, election=election, rnd=rnd)
            log["result_sha256"] = sha256_text(dumps(rnd.result))
    rnd.version += 1
    session.add(rnd)
    refresh_progress(session=session, election=election)  # 收回 moves 参选率; void: 需再次投票
    append(session=session, election_id=rnd.election_id, actor=actor.name,
           action="round.correct_counts", target=f"round:{rnd.key}",
           data={"ballots_issued": rnd.ballots_issued, "ballots_returned": rnd.ballots_returned,
                 "before": before, "reason": reason, "state": rnd.state, **log})
    session.commit()
    return rnd
