"""Issuing and checking role tokens. Only a token's SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlmodel import Session

from app.auth.models import Token


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(*, session: Session, election_id: int, role: str, label: str) -> tuple[Token, str]:
    secret = f"jp_{role[:3]}_{secrets.token_urlsafe(24)}"
    token = Token(election_id=election_id, role=role, label=label, token_hash=token_digest(secret))
    session.add(token)
    session.flush()
    return token, secret


def find_token(*, session: Session, secret: str) -> tuple[int, str, str] | None:
    """(election id, role, label) of a live token; None for an unknown or revoked one.

    Plain columns, not the ORM entity: this runs on every authenticated request.
    """
    row = session.execute(
        select(Token.election_id, Token.role, Token.label, Token.revoked)
        .where(Token.token_hash == token_digest(secret))
    ).one_or_none()
    return None if row is None or row.revoked else (row.election_id, row.role, row.label)
