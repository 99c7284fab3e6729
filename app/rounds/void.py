"""Why a void round is void: one sentence, the same on every page (RULES.md §5)."""

from __future__ import annotations

from app.rounds.boxes import box_label, over_returned
from app.rounds.models import Round


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
