"""Every table of the service, imported in one place for Alembic's metadata."""

from __future__ import annotations

from sqlmodel import SQLModel

from app.appraisal.models import Appraisal, AppraisalEntry
from app.audit.models import AuditEvent, AuditHead
from app.auth.models import Token
from app.elections.models import Candidate, Election, Post
from app.entry.models import BallotEntry, Resolution
from app.nomination.models import Nomination, NominationEntry, NominationMeeting
from app.papers.models import PaperDetails
from app.people.models import Person, Relation
from app.reading.models import ScanSheet
from app.roll.models import Proxy, Voter
from app.rounds.models import Round
from app.units.models import ElectionProgress, Unit, UnitCounts, UnitToken
from app.vetting.models import Exemption, Review, Vetting

TABLES = (Election, Post, Candidate, Voter, Proxy, Token, Round, BallotEntry, Resolution,
          AuditEvent, AuditHead, PaperDetails, Unit, Person, Relation, Vetting, Review,
          Exemption, Nomination, NominationMeeting, NominationEntry,
          Appraisal, AppraisalEntry, UnitToken, ElectionProgress, ScanSheet, UnitCounts)
metadata = SQLModel.metadata
