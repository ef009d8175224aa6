"""Other medications and substances, and taper plans: a table each.

Each row is what the person reports taking besides kratom: a name, a dose and
how often as written (text, never parsed), an optional reason, and start and
stop dates (ISO text, local calendar days). A taper plan is the person's own
schedule: start amount, target and step (exact decimals as text), every so many
days from a first day, its pauses (JSON pairs of days) and the day it ended.
Existing journals gain two empty tables.

Revision ID: 0007
Revises: 0006
Create Date: 2027-02-01 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "medications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("dose", sa.String(length=200), nullable=False),
        sa.Column("how_often", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("started", sa.String(length=10), nullable=True),
        sa.Column("stopped", sa.String(length=10), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )

    op.create_table(
        "taper_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("start_g", sa.String(length=32), nullable=False),
        sa.Column("target_g", sa.String(length=32), nullable=False),
        sa.Column("step_g", sa.String(length=32), nullable=False),
        sa.Column("every_days", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.String(length=10), nullable=False),
        sa.Column("pauses", sa.Text(), nullable=False),
        sa.Column("ended", sa.String(length=10), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    """The tables go, and with them the medications reported and the plans."""
    op.drop_table("taper_plans")
    op.drop_table("medications")
