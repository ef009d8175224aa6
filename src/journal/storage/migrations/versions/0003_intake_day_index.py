"""The time index of intakes also holds what daily sums, rolling totals and History's filters read.

An intake's row holds its stored findings with their cited passages (about a
kilobyte), so reading the time and amount of every intake through the table
reads every row whole: for 100,000 intakes a count took 70 ms. With offset,
amount, estimate flags, the deleted time, the product and the notes in the
time index, those reads (daily totals, the charts, the doses the guidance
reads, counting, History's product and notes filters, newest first) never
touch the rows; the index stays in time order, so writing it stays an append.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 10:00:00
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = ["at_utc", "offset_min", "leaf_mg", "estimate", "leaf_estimated", "deleted", "product_id", "notes"]


def upgrade() -> None:
    with op.batch_alter_table("intakes") as batch_op:
        batch_op.drop_index("ix_intakes_at")
        batch_op.create_index("ix_intakes_at", COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("intakes") as batch_op:
        batch_op.drop_index("ix_intakes_at")
        batch_op.create_index("ix_intakes_at", ["at_utc"], unique=False)
