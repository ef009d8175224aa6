"""Scored withdrawal check-ins (SOWS): a table of their own.

Each row holds the 16 answers of the Subjective Opiate Withdrawal Scale as 16
digits 0-4 in item order (journal.domain.withdrawal.SOWS_ITEMS); the total is
worked out on read. Existing journals gain an empty table.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 06:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "withdrawal_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("items", sa.String(length=16), nullable=False),
        sa.Column("at_utc", sa.DateTime(), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("offset_min", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("withdrawal_scores", schema=None) as batch_op:
        batch_op.create_index("ix_withdrawal_scores_at", ["at_utc"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("withdrawal_scores", schema=None) as batch_op:
        batch_op.drop_index("ix_withdrawal_scores_at")
    op.drop_table("withdrawal_scores")
