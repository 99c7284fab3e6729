"""Issuing and checking role tokens. Only a token's SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
import threading
import weakref
from collections.abc import Iterable

from sqlalchemy import Engine, ScalarSelect, bindparam, func, select
from sqlmodel import Session, col

from app.auth.models import Token

# Built once: an authenticated request should not pay for building its query.
_LIVE_TOKENS = (select(Token.token_hash, Token.election_id, Token.role, Token.label, Token.channel,
                       Token.revoked)
                .where(Token.token_hash.in_(bindparam("digests", expanding=True))))  # type: ignore[attr-defined]


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(*, session: Session, election_id: int, role: str, label: str,
                channel: str | None = None) -> tuple[Token, str]:
    secret = f"jp_{role[:3]}_{secrets.token_urlsafe(24)}"
    token = Token(election_id=election_id, role=role, label=label, channel=channel,
                  token_hash=token_digest(secret))
    session.add(token)
    session.flush()
    return token, secret


def token_facts(*, session: Session, election_id: int) -> list[dict[str, object]]:
    """The election's tokens as the audit log records them (`jipiao audit verify` replays them):
    id, role, label and the SHA-256 (never the token itself)."""
    rows = session.execute(select(Token).where(Token.election_id == election_id)
                           .order_by(Token.id)).scalars()  # type: ignore[arg-type]
    return [{"id": t.id, "role": t.role, "label": t.label, "token_hash": t.token_hash}
            for t in rows]


FoundToken = tuple[int, str, str, str | None]  # election id, role, label, channel (计票人)


def find_token(*, session: Session, secret: str) -> FoundToken | None:
    """(election id, role, label, channel) of a live token; None for an unknown or revoked one."""
    return find_tokens(session=session, presented=[secret]).get(secret)


def find_tokens(*, session: Session, presented: Iterable[str]) -> dict[str, FoundToken]:
    """The live tokens among `presented`, each with its (election id, role, label, channel).

    Plain columns, not the ORM entity: this runs on every authenticated request.
    """
    by_digest = {token_digest(secret): secret for secret in presented}
    rows = session.execute(_LIVE_TOKENS, {"digests": list(by_digest)})
    found = {by_digest[row.token_hash]: (row.election_id, row.role, row.label, row.channel)
             for row in rows if not row.revoked}
    _remember(session, {token_digest(secret): token for secret, token in found.items()})
    return found


# The tokens this process has found live, by digest and per database. A token's facts never
# change once issued, and tokens are revoked, never deleted: what is kept here is only ever
# wrong by a revocation, which `LIVE_COUNT` asks the database about on every use.
_seen: weakref.WeakKeyDictionary[Engine, dict[str, FoundToken]] = weakref.WeakKeyDictionary()
_seen_lock = threading.Lock()
SEEN_LIMIT = 20_000
# How many of the tokens whose digests are bound as "seen_digests" are still live.
LIVE_COUNT: ScalarSelect[int] = (
    select(func.count()).select_from(Token)
    .where(Token.token_hash.in_(bindparam("seen_digests", expanding=True)),  # type: ignore[attr-defined]
           col(Token.revoked).is_(False))
    .scalar_subquery())


def _engine(session: Session) -> Engine:
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    return engine


def _remember(session: Session, tokens: dict[str, FoundToken]) -> None:
    with _seen_lock:
        seen = _seen.setdefault(_engine(session), {})
        if len(seen) + len(tokens) > SEEN_LIMIT:
            seen.clear()
        seen.update(tokens)


def seen_tokens(*, session: Session, presented: Iterable[str]
                ) -> tuple[dict[str, FoundToken], list[str]]:
    """The tokens among `presented` found live here before (by secret), and their digests:
    a guess, to be believed only if `LIVE_COUNT` over those digests finds them all live."""
    digests = {secret: token_digest(secret) for secret in presented}
    with _seen_lock:
        seen = _seen.get(_engine(session), {})
        known = {secret: seen[d] for secret, d in digests.items() if d in seen}
    return known, [digests[secret] for secret in known]
