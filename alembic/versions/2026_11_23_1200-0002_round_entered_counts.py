"""round: active entries per channel; ballot_entry: one index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('entered_a', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('entered_b', sa.Integer(), server_default='0',
                                      nullable=False))
    # Rounds entered before this revision: count what is there.
    for column, channel in (('entered_a', 'A'), ('entered_b', 'B')):
        op.execute(
            f"UPDATE round SET {column} = (SELECT count(*) FROM ballot_entry "
            f"WHERE ballot_entry.round_id = round.id AND ballot_entry.channel = '{channel}' "
            "AND ballot_entry.voided = false)")
    # The counts replace count(*) over this index; the (round_id, entry_id) key serves the rest.
    with op.batch_alter_table('ballot_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_ballot_entry_round_channel')


def downgrade() -> None:
    with op.batch_alter_table('ballot_entry', schema=None) as batch_op:
        batch_op.create_index('ix_ballot_entry_round_channel', ['round_id', 'channel', 'voided'],
                              unique=False)
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.drop_column('entered_b')
        batch_op.drop_column('entered_a')
