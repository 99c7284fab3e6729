"""A round's 发出/收回 figures (RULES.md §5): why a void round is void (one sentence, the
same on every page), and whether the organiser may still correct them."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from app.entry.models import BallotEntry
from app.errors import AppError, Conflict, InvalidState
from app.rounds.boxes import box_label, over_returned, totals_boxes
from app.rounds.models import Round
from app.rounds.states import STATE_ZH

CORRECTABLE_STATES = ("issued", "counting", "void")


def void_reason(rnd: Round) -> str | None:
    """The one sentence every page shows for a void round (RULES.md §5: returned > issued,
    in the round or in one of its boxes)."""
    if rnd.state != "void":
        return None
    over = [(box_label(b), int(b.get("returned", 0)), int(b.get("issued", 0)))
            for b in over_returned(rnd)]
    if not over and rnd.ballots_returned is not None and rnd.ballots_issued is not None:
        over = [("", rnd.ballots_returned, rnd.ballots_issued)]
    if not over:
        return "本轮投票无效，须重新投票。"
    parts = [f"{where}收回选票{returned}张，多于发出的{issued}张"
             for where, returned, issued in over]
    return "本轮投票无效：" + "；".join(parts) + "，须重新投票。"


def _first_entry_made(session: Session, rnd: Round) -> bool:
    """Any ballot entered (undone ones too) or any 正字 totals saved for the round."""
    if rnd.totals is not None or totals_boxes(rnd):
        return True
    return session.execute(
        select(BallotEntry.id).where(BallotEntry.round_id == rnd.id).limit(1)).first() is not None


def correction_refused(*, session: Session, rnd: Round) -> AppError | None:
    """Why 发出/收回 can no longer be corrected (None: they can): only after ballots went
    out and before the first ballot is entered or the round is held again."""
    if rnd.state in ("draft", "quorum_checked"):
        return InvalidState(f"第{rnd.number}轮还没有发出选票，没有可更正的选票数",
                            detail={"state": rnd.state, "action": "correct_counts"})
    if rnd.state not in CORRECTABLE_STATES or _first_entry_made(session, rnd):
        return Conflict(f"第{rnd.number}轮已开始录入选票（{STATE_ZH[rnd.state]}），"
                        "发出和收回的选票数不能再更正", code="counts_locked",
                        detail={"state": rnd.state})
    later = session.execute(select(Round.number).where(
        Round.election_id == rnd.election_id, Round.number > rnd.number).limit(1)).first()
    if later is not None:
        return Conflict(f"第{later[0]}轮已经建立，第{rnd.number}轮的发出和收回选票数"
                        "不能再更正", code="counts_locked", detail={"state": rnd.state})
    return None
