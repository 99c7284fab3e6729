"""Reading a meeting's audit log."""

from __future__ import annotations

from fastapi import APIRouter

from app.audit.models import AuditEventPublic
from app.audit.service import events
from app.deps import Auditor, ElectionId, SessionDep
from app.errors import responses

router = APIRouter(prefix="/api/v1/elections/{election_id}", tags=["audit"],
                   responses=responses(400, 401, 403, 422))


@router.get("/audit", response_model=list[AuditEventPublic], summary="审计日志（哈希链）")
def audit_log(election_id: ElectionId, session: SessionDep,
              _actor: Auditor) -> list[AuditEventPublic]:
    return [AuditEventPublic.model_validate(e, from_attributes=True)
            for e in events(session=session, election_id=election_id)]
