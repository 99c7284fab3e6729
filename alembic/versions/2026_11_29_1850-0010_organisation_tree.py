"""unit tree (kind, parent, path), unit tokens, election_progress: CAMPAIGN.md §4

Every existing unit becomes a root 村 (kind village, path "id/").

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 18:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16),
                                      server_default='village', nullable=False))
        batch_op.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('path', sqlmodel.sql.sqltypes.AutoString(length=200),
                                      server_default='', nullable=False))
        batch_op.add_column(sa.Column('one_shoulder_planned', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('previous_term', sa.JSON(), nullable=True))
        batch_op.create_foreign_key('fk_unit_parent_id_unit', 'unit', ['parent_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_unit_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_path'), ['path'], unique=False)
    unit = sa.table('unit', sa.column('id', sa.Integer), sa.column('path', sa.String))
    op.execute(unit.update().values(path=sa.cast(unit.c.id, sa.String) + '/'))

    op.create_table('unit_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('revoked', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('unit_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_token_token_hash'), ['token_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_unit_token_unit_id'), ['unit_id'], unique=False)

    op.create_table('election_progress',
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('stage', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('plan', sa.JSON(), nullable=False),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('rounds_counted', sa.Integer(), nullable=False),
    sa.Column('facts', sa.JSON(), nullable=True),
    sa.Column('failing', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('election_id')
    )
    with op.batch_alter_table('election_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_election_progress_unit_id'), ['unit_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('election_progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_election_progress_unit_id'))
    op.drop_table('election_progress')
    with op.batch_alter_table('unit_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_token_unit_id'))
        batch_op.drop_index(batch_op.f('ix_unit_token_token_hash'))
    op.drop_table('unit_token')
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_path'))
        batch_op.drop_index(batch_op.f('ix_unit_parent_id'))
        batch_op.drop_constraint('fk_unit_parent_id_unit', type_='foreignkey')
        batch_op.drop_column('previous_term')
        batch_op.drop_column('one_shoulder_planned')
        batch_op.drop_column('path')
        batch_op.drop_column('parent_id')
        batch_op.drop_column('kind')
