"""nomination, nomination_meeting, nomination_entry: the 两推 meetings or the 海推;
appraisal, appraisal_entry: 民主测评 and 信任票 (CAMPAIGN.md §1–2)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('nomination',
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('committee_list', sa.JSON(), nullable=False),
    sa.Column('decision', sa.JSON(), nullable=True),
    sa.Column('signers', sa.JSON(), nullable=False),
    sa.Column('forms', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], ),
    sa.PrimaryKeyConstraint('election_id')
    )
    op.create_table('nomination_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('entry_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('ballot', sa.JSON(), nullable=False),
    sa.Column('response', sa.JSON(), nullable=False),
    sa.Column('clerk', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('voided_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('election_id', 'kind', 'entry_id')
    )
    with op.batch_alter_table('nomination_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomination_entry_election_id'), ['election_id'], unique=False)

    op.create_table('nomination_meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('expected', sa.Integer(), nullable=True),
    sa.Column('present', sa.Integer(), nullable=True),
    sa.Column('ballots_issued', sa.Integer(), nullable=True),
    sa.Column('ballots_returned', sa.Integer(), nullable=True),
    sa.Column('totals', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('election_id', 'kind')
    )
    with op.batch_alter_table('nomination_meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomination_meeting_election_id'), ['election_id'], unique=False)


    op.create_table('appraisal',
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('totals', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], ),
    sa.PrimaryKeyConstraint('election_id')
    )
    op.create_table('appraisal_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('vote', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('entry_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('ballot', sa.JSON(), nullable=False),
    sa.Column('clerk', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('election_id', 'vote', 'entry_id')
    )
    with op.batch_alter_table('appraisal_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisal_entry_election_id'), ['election_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('appraisal_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisal_entry_election_id'))

    op.drop_table('appraisal_entry')
    op.drop_table('appraisal')
    with op.batch_alter_table('nomination_meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nomination_meeting_election_id'))

    op.drop_table('nomination_meeting')
    with op.batch_alter_table('nomination_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nomination_entry_election_id'))

    op.drop_table('nomination_entry')
    op.drop_table('nomination')
