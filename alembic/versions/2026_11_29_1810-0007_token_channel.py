"""token.channel: a 计票人 link's double-entry group (A组/B组), chosen when it is made

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('token') as batch:
        batch.add_column(sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=1),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('token') as batch:
        batch.drop_column('channel')
