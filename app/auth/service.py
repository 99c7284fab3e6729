"""Issuing and checking role tokens. Only a token's SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from sqlalchemy import bindparam, select
from sqlmodel import Session

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
    return {by_digest[row.token_hash]: (row.election_id, row.role, row.label, row.channel)
            for row in rows if not row.revoked}
