"""The round's state machine: which actions each state allows (STYLE.md: Kiesraad Abacus).

draft → quorum_checked → issued → counting → counted → published; a round whose returned
ballots exceed those issued becomes `void` and is held again (RULES.md §5).
"""

from __future__ import annotations

from app.errors import InvalidState
from app.rounds.models import Round

STATE_ZH = {
    "draft": "准备中",
    "quorum_checked": "已确认到会人数",
    "issued": "已发出选票",
    "counting": "计票中",
    "counted": "计票完毕",
    "published": "已公布",
    "void": "本轮投票无效",
}

# Ballots are printable at any state but void once the candidate list is final (a 村 prints
# them the day before; a 样票 goes into the file after the count).
ACTIONS = {
    "draft": ("quorum", "boxes", "ballot_pdf"),
    "quorum_checked": ("quorum", "boxes", "issue", "ballot_pdf"),
    "issued": ("return", "ballot_pdf"),
    "counting": ("enter", "correct", "totals", "resolve", "count", "ballot_pdf"),
    "counted": ("decisions", "sign_off", "publish", "next", "ballot_pdf"),
    "published": ("next", "ballot_pdf"),
    "void": ("next",),
}

ACTION_ZH = {
    "quorum": "核对到会人数",
    "issue": "发出选票",
    "boxes": "设置票箱",
    "ballot_pdf": "打印选票",
    "return": "登记收回选票",
    "correct_counts": "更正发出/收回的选票数",
    "enter": "录入选票",
    "correct": "更正录入",
    "totals": "录入汇总票数",
    "resolve": "裁定双人录入差异",
    "count": "计算结果",
    "decisions": "记录会议决定",
    "sign_off": "监票人签字",
    "publish": "公布结果",
    "next": "建立下一轮",
}


def require_action(rnd: Round, action: str) -> None:
    if action not in ACTIONS[rnd.state]:
        state = STATE_ZH[rnd.state]
        allowed = "、".join(ACTION_ZH[a] for a in ACTIONS[rnd.state])
        raise InvalidState(
            f"第{rnd.number}轮当前状态为“{state}”，不能{ACTION_ZH[action]}（现在可以：{allowed}）",
            detail={"state": rnd.state, "action": action, "allowed": list(ACTIONS[rnd.state])},
        )
