"""nomination.preselections: the 海推's 预选 held, counted by hand (CAMPAIGN.md §1)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('nomination') as batch:
        batch.add_column(sa.Column('preselections', sa.JSON(), nullable=False,
                                   server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table('nomination') as batch:
        batch.drop_column('preselections')
