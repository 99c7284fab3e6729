"""`python -m app.demo`: seed a demo meeting once (idempotent), print its tokens
(`--county`: the demo county of app/demo_county.py instead).

A 党支部 members' meeting electing 书记 and 委员 on one sheet (direct mode), with a roll of
40 正式党员 (2 excluded with approval, 35 signed in) and its first round ready to check.
The tokens are also written to `data/demo-tokens.json` so they survive a restart.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from app.addresses import lan_address
from app.db import make_engine
from app.deps import Actor
from app.elections.models import CandidateCreate, Election, ElectionCreate, PostIn
from app.elections.service import add_candidate, create_election
from app.roll.models import ExclusionIn, VoterIn, VotersIn
from app.roll.service import add_voters, set_exclusion, sign_in
from app.rounds.service import create_first_round
from app.settings import Settings

DEMO_TITLE = "中共幸福社区支部委员会换届选举（演示）"
TOKENS_FILE = Path("data/demo-tokens.json")
COUNTY_TOKENS_FILE = Path("data/demo-county-tokens.json")
MEMBER_CANDIDATES = ("王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵磊")
VOTERS = (
    "王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "周敏", "吴刚", "徐丽",
    "孙强", "胡军", "朱红", "高峰", "林芳", "何平", "郭亮", "马超", "罗兰", "梁晨",
    "宋佳", "郑浩", "谢娟", "韩冰", "唐宁", "冯雪", "于洋", "董明", "萧红", "程刚",
    "曹阳", "袁媛", "邓辉", "许可", "傅雷", "沈星", "曾琪", "彭军", "吕梅", "苏杭",
)


def seed(session: Session) -> dict[str, object]:
    existing = session.execute(select(Election).where(Election.title == DEMO_TITLE)).scalar()
    if existing is not None:
        return {"election_id": existing.id, "created": False}
    election, tokens = create_election(session=session, data=ElectionCreate(
        title=DEMO_TITLE, body="party_branch", rules={"secretary_mode": "direct"},
        posts=[PostIn(id="secretary", name="书记", seats=1),
               PostIn(id="member", name="委员", seats=5)]))
    assert election.id is not None
    actor = Actor(election.id, "organiser", "演示数据")
    for name in MEMBER_CANDIDATES:
        posts = ["secretary", "member"] if name == "王建国" else ["member"]
        add_candidate(session=session, election=election, actor=actor, data=CandidateCreate(
            name=name, posts=posts, member_status="full",
            gender="F" if name in ("李秀英", "陈静") else "M"))
    voters = add_voters(session=session, election=election, actor=actor,
                        data=VotersIn(voters=[VoterIn(name=n, status="full") for n in VOTERS]))
    for v in voters[-2:]:
        set_exclusion(session=session, election=election, voter=v, actor=actor,
                      data=ExclusionIn(reason="外出半年以上，组织关系未转",
                                       approval="街道党工委〔2026〕12号"))
    present = [v.id for v in voters[:35] if v.id is not None]
    sign_in(session=session, election=election, voter_ids=present, present=True, actor=actor)
    create_first_round(session=session, election=election, double_entry=False, actor=actor)
    return {"election_id": election.id, "created": True, "tokens": tokens}


PAGES = (  # (page, role whose token opens it, path)
    ("组织者页面", "organiser", "/e/{id}"),
    ("计票人页面", "teller", "/e/{id}/clerk"),
    ("监票人页面", "scrutineer", "/e/{id}/scrutineer"),
    ("大屏", "observer", "/e/{id}/board"),
)


def print_links(outcome: dict[str, object], base: str = "http://localhost:8000") -> None:
    """The pages of the demo meeting, each opened by its role's token."""
    tokens = outcome.get("tokens")
    if not isinstance(tokens, dict):
        return
    print("打开以下链接（口令在 # 之后，只保存在本机浏览器中）：")
    for label, role, path in PAGES:
        if role in tokens:
            url = base + path.format(id=outcome["election_id"])
            print(f"  {label}：{url}#token={tokens[role]}")


def main_county(settings: Settings) -> int:
    """`--county`: the demo county (app/demo_county.py) and its page's links."""
    from app.demo_county import seed_county

    engine = make_engine(settings)
    with Session(engine, expire_on_commit=False) as session:
        outcome = seed_county(session)
    engine.dispose()
    if not outcome["created"]:
        print(f"演示县已存在（编号 {outcome['unit_id']}），口令见 {COUNTY_TOKENS_FILE}")
        if not COUNTY_TOKENS_FILE.exists():
            return 0
        outcome = json.loads(COUNTY_TOKENS_FILE.read_text(encoding="utf-8"))
    else:
        COUNTY_TOKENS_FILE.parent.mkdir(parents=True, exist_ok=True)
        COUNTY_TOKENS_FILE.unlink(missing_ok=True)
        fd = os.open(COUNTY_TOKENS_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(outcome, ensure_ascii=False, indent=2) + "\n")
    port = os.environ.get("PORT", "8000")
    base = (settings.public_url or f"http://localhost:{port}").rstrip("/")
    tokens: dict[str, str] = outcome["tokens"]
    print(f"演示县（编号 {outcome['unit_id']}）：打开以下链接（口令在 # 之后）：")
    print(f"  县组织者：{base}/u/{outcome['unit_id']}#token={tokens['organiser']}")
    print(f"  县查看：  {base}/u/{outcome['unit_id']}#token={tokens['viewer']}")
    return 0


def main() -> int:
    settings = Settings()
    if "--county" in sys.argv[1:]:
        return main_county(settings)
    engine = make_engine(settings)
    with Session(engine, expire_on_commit=False) as session:
        outcome = seed(session)
    engine.dispose()
    if outcome["created"]:
        TOKENS_FILE.parent.mkdir(parents=True, exist_ok=True)
        # The tokens are secrets: readable by this user only (mode 600), never by the world.
        TOKENS_FILE.unlink(missing_ok=True)
        fd = os.open(TOKENS_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(outcome, ensure_ascii=False, indent=2) + "\n")
        print(f"已建立演示选举（编号 {outcome['election_id']}），口令已写入 {TOKENS_FILE}")
    else:
        print(f"演示选举已存在（编号 {outcome['election_id']}），口令见 {TOKENS_FILE}")
        if TOKENS_FILE.exists():
            outcome = json.loads(TOKENS_FILE.read_text(encoding="utf-8"))
    # `make run` passes the port it will serve on. Tablets on the hall's LAN need its address
    # (JIPIAO_PUBLIC_URL, else this machine's LAN address), not localhost.
    port = os.environ.get("PORT", "8000")
    lan = lan_address()
    base = settings.public_url or f"http://{lan or 'localhost'}:{port}"
    print_links(outcome, base.rstrip("/"))
    if base.rstrip("/") != f"http://localhost:{port}":
        print(f"（本机也可用 http://localhost:{port}/ 打开）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
