"""scan_sheet: the page read, the hand marks kept small, a possible duplicate, set aside

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('scan_sheet') as batch:
        batch.add_column(sa.Column('page', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('marks_key', sqlmodel.sql.sqltypes.AutoString(length=32),
                                   nullable=True))
        batch.add_column(sa.Column('marks_print', sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column('duplicate_of', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('set_aside', sqlmodel.sql.sqltypes.AutoString(length=16),
                                   nullable=True))
        batch.create_index('ix_scan_sheet_marks', ['round_id', 'marks_key'], unique=False)
    # Sheets read before: their page is in what the reader saw.
    sheets = sa.table('scan_sheet', sa.column('id', sa.Integer()), sa.column('read', sa.JSON()),
                      sa.column('page', sa.Integer()))
    bind = op.get_bind()
    for sid, read in bind.execute(sa.select(sheets.c.id, sheets.c.read)
                                  .where(sheets.c.read.is_not(None))):
        if isinstance(read, dict) and isinstance(read.get('page'), int):
            bind.execute(sa.update(sheets).where(sheets.c.id == sid).values(page=read['page']))


def downgrade() -> None:
    with op.batch_alter_table('scan_sheet') as batch:
        batch.drop_index('ix_scan_sheet_marks')
        for column in ('set_aside', 'duplicate_of', 'marks_print', 'marks_key', 'page'):
            batch.drop_column(column)
