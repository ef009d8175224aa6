"""Initial schema: products, intakes, breaks, symptoms, pain check-ins, settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 02:32:32.823185
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "breaks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("start_utc", sa.DateTime(), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("offset_min", sa.Integer(), nullable=False),
        sa.Column("planned_end", sa.String(length=10), nullable=True),
        sa.Column("end_utc", sa.DateTime(), nullable=True),
        sa.Column("end_offset_min", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "pain_checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pain_now", sa.Integer(), nullable=False),
        sa.Column("peg_pain", sa.Integer(), nullable=True),
        sa.Column("peg_enjoyment", sa.Integer(), nullable=True),
        sa.Column("peg_activity", sa.Integer(), nullable=True),
        sa.Column("mood", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("at_utc", sa.DateTime(), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("offset_min", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pain_checkins", schema=None) as batch_op:
        batch_op.create_index("ix_pain_checkins_at", ["at_utc"], unique=False)

    op.create_table(
        "products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("vendor", sa.String(length=200), nullable=False),
        sa.Column("strain", sa.String(length=200), nullable=False),
        sa.Column("usual_form", sa.String(length=16), nullable=False),
        sa.Column("capsule_g", sa.String(length=32), nullable=True),
        sa.Column("leaf_factor", sa.String(length=32), nullable=True),
        sa.Column("batch", sa.String(length=200), nullable=False),
        sa.Column("purity_tested", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "symptom_types",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("body_areas", sa.Text(), nullable=False),
        sa.Column("red_flag", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=True),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_table(
        "intakes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.String(length=32), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("form", sa.String(length=16), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("leaf_mg", sa.Integer(), nullable=True),
        sa.Column("estimate", sa.Boolean(), nullable=False),
        sa.Column("leaf_estimated", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("at_utc", sa.DateTime(), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("offset_min", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("intakes", schema=None) as batch_op:
        batch_op.create_index("ix_intakes_at", ["at_utc"], unique=False)

    op.create_table(
        "symptom_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type_id", sa.Integer(), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("body_area", sa.String(length=64), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("at_utc", sa.DateTime(), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("offset_min", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["type_id"],
            ["symptom_types.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("symptom_entries", schema=None) as batch_op:
        batch_op.create_index("ix_symptom_entries_at", ["at_utc"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("symptom_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_symptom_entries_at")

    op.drop_table("symptom_entries")
    with op.batch_alter_table("intakes", schema=None) as batch_op:
        batch_op.drop_index("ix_intakes_at")

    op.drop_table("intakes")
    op.drop_table("symptom_types")
    op.drop_table("settings")
    op.drop_table("products")
    with op.batch_alter_table("pain_checkins", schema=None) as batch_op:
        batch_op.drop_index("ix_pain_checkins_at")

    op.drop_table("pain_checkins")
    op.drop_table("breaks")
