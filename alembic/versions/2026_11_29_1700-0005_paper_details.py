"""paper_details: the 落款, contact and dates the 公告 and 报告单 are printed with

Revision ID: 0005
Revises: 0003 (0004 is made on another branch: on merge, make this revise 0004)
Create Date: 2026-11-29 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'paper_details',
        sa.Column('organisation', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column('contact', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column('announced_on', sa.Date(), nullable=True),
        sa.Column('publicity_working_days', sa.Integer(), nullable=False),
        sa.Column('meeting_date', sa.Date(), nullable=True),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['election_id'], ['election.id']),
        sa.PrimaryKeyConstraint('election_id'),
    )


def downgrade() -> None:
    op.drop_table('paper_details')
