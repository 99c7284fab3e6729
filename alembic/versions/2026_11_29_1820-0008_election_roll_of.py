"""election: another ballot of the same meeting, on that election's roll and sign-in

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('election', schema=None) as batch_op:
        batch_op.add_column(sa.Column('roll_of', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_election_roll_of'), ['roll_of'], unique=False)
        batch_op.create_foreign_key('fk_election_roll_of_election', 'election',
                                    ['roll_of'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('election', schema=None) as batch_op:
        batch_op.drop_constraint('fk_election_roll_of_election', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_election_roll_of'))
        batch_op.drop_column('roll_of')
