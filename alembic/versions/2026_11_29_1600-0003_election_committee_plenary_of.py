"""election: the plenary's committee and the branch election it was created from

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('election', schema=None) as batch_op:
        batch_op.add_column(sa.Column('committee', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('plenary_of', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_election_plenary_of'), ['plenary_of'], unique=True)
        batch_op.create_foreign_key('fk_election_plenary_of_election', 'election',
                                    ['plenary_of'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('election', schema=None) as batch_op:
        batch_op.drop_constraint('fk_election_plenary_of_election', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_election_plenary_of'))
        batch_op.drop_column('plenary_of')
        batch_op.drop_column('committee')
