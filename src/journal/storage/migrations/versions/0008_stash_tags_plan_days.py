"""Purchases and stock corrections, context tags on entries, and a plan's own day-by-day table.

A purchase is what the person bought or weighed: a product (or none), an
amount with its unit (grams or capsules, an exact decimal as text), the instant
it was recorded, an optional price (exact decimal text) and batch, and whether
it is a correction (the stock as weighed) rather than a purchase. A tag is a
word on one entry, named by the entry's kind and id; the same word is kept once
per entry. A taper plan may hold an explicit table of days (JSON pairs of ISO
day and grams) instead of a step. Existing journals gain two empty tables and
an empty column.

Revision ID: 0008
Revises: 0007
Create Date: 2027-03-01 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "purchases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at_utc", sa.DateTime(), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("offset_min", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("amount", sa.String(length=32), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("correction", sa.Boolean(), nullable=False),
        sa.Column("price", sa.String(length=32), nullable=True),
        sa.Column("batch", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_purchases_at", "purchases", ["at_utc", "deleted", "product_id"])
    op.create_table(
        "entry_tags",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("kind", "entry_id", "tag"),
    )
    op.create_index("ix_entry_tags_tag", "entry_tags", ["tag", "kind", "entry_id"])
    with op.batch_alter_table("taper_plans") as batch:
        batch.add_column(sa.Column("days", sa.Text(), nullable=True))


def downgrade() -> None:
    """The tables and the column go, and with them the purchases, the tags and the plans' tables."""
    with op.batch_alter_table("taper_plans") as batch:
        batch.drop_column("days")
    op.drop_index("ix_entry_tags_tag", table_name="entry_tags")
    op.drop_table("entry_tags")
    op.drop_index("ix_purchases_at", table_name="purchases")
    op.drop_table("purchases")
