"""Other medications and substances: a table of their own.

Each row is what the person reports taking besides kratom: a name, a dose and
how often as written (text, never parsed), an optional reason, and start and
stop dates (ISO text, local calendar days). Existing journals gain an empty
table.

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


def downgrade() -> None:
    """The table goes, and with it the medications reported."""
    op.drop_table("medications")
