"""scan_sheet: scanned and photographed ballot sheets kept with their round (扫描计票)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('scan_sheet',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('file_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('file_page', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('image', sa.LargeBinary(), nullable=False),
    sa.Column('media_type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('read', sa.JSON(), nullable=True),
    sa.Column('flat', sa.LargeBinary(), nullable=True),
    sa.Column('entry_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('write_ins', sa.JSON(), nullable=True),
    sa.Column('uploaded_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('confirmed_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('round_id', 'file_sha256', 'file_page')
    )
    with op.batch_alter_table('scan_sheet', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scan_sheet_round_id'), ['round_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('scan_sheet', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scan_sheet_round_id'))
    op.drop_table('scan_sheet')
