"""unit, person, relation, vetting (资格联审): people of a 村/社区 shared by its elections

Every existing election gets its own unit, named after its title.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('person',
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('surname', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('gender', sa.String(length=1), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('ethnicity', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('education', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('political_status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('party_joined_on', sa.Date(), nullable=True),
    sa.Column('household', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('residence', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('posts', sa.JSON(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_unit_id'), ['unit_id'], unique=False)

    op.create_table('relation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('relative_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['relative_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('person_id', 'relative_id')
    )
    with op.batch_alter_table('relation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_relation_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_relation_relative_id'), ['relative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_relation_unit_id'), ['unit_id'], unique=False)

    op.create_table('vetting',
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('reference_date', sa.Date(), nullable=False),
    sa.Column('max_age', sa.Integer(), nullable=True),
    sa.Column('min_education', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('party_member', sa.Boolean(), nullable=False),
    sa.Column('min_party_years', sa.Integer(), nullable=True),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('tellers', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], ),
    sa.PrimaryKeyConstraint('election_id')
    )
    op.create_table('vetting_exception',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('condition', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('granted_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('election_id', 'person_id', 'condition')
    )
    with op.batch_alter_table('vetting_exception', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vetting_exception_election_id'), ['election_id'], unique=False)

    op.create_table('vetting_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('item', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('department', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('reviewer', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('election_id', 'person_id', 'item', 'department')
    )
    with op.batch_alter_table('vetting_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vetting_review_election_id'), ['election_id'], unique=False)

    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_candidate_person_id_person', 'person', ['person_id'], ['id'])

    with op.batch_alter_table('election', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_election_unit_id'), ['unit_id'], unique=False)
        batch_op.create_foreign_key('fk_election_unit_id_unit', 'unit', ['unit_id'], ['id'])
    _backfill_units()


def downgrade() -> None:
    with op.batch_alter_table('election', schema=None) as batch_op:
        batch_op.drop_constraint('fk_election_unit_id_unit', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_election_unit_id'))
        batch_op.drop_column('unit_id')

    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.drop_constraint('fk_candidate_person_id_person', type_='foreignkey')
        batch_op.drop_column('person_id')

    with op.batch_alter_table('vetting_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vetting_review_election_id'))

    op.drop_table('vetting_review')
    with op.batch_alter_table('vetting_exception', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vetting_exception_election_id'))

    op.drop_table('vetting_exception')
    op.drop_table('vetting')
    with op.batch_alter_table('relation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_relation_unit_id'))
        batch_op.drop_index(batch_op.f('ix_relation_relative_id'))
        batch_op.drop_index(batch_op.f('ix_relation_person_id'))

    op.drop_table('relation')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_unit_id'))

    op.drop_table('person')
    op.drop_table('unit')


def _backfill_units() -> None:
    """One unit per existing election, named after it."""
    bind = op.get_bind()
    elections = bind.execute(sa.text("SELECT id, title, created_at FROM election ORDER BY id"))
    for election_id, title, created_at in list(elections):
        unit_id = bind.execute(sa.text(
            "INSERT INTO unit (name, created_at) VALUES (:name, :at) RETURNING id"),
            {"name": title[:200], "at": created_at}).scalar_one()
        bind.execute(sa.text("UPDATE election SET unit_id = :unit WHERE id = :id"),
                     {"unit": unit_id, "id": election_id})
