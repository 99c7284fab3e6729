"""round: its ballot boxes (RECORD.md `boxes`); ballot_entry: the box a ballot came from

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('boxes', sa.JSON(), nullable=True))
    with op.batch_alter_table('ballot_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('box', sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('ballot_entry', schema=None) as batch_op:
        batch_op.drop_column('box')
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.drop_column('boxes')
