"""Photos of body areas: a table of their own.

Each row is a photo entry: when it was taken, the body area and a free label,
a note, an optional link to a symptom rating, and the sha256 of its pixels.
The pixels are not in the journal: they live in the photo store beside it
(`journal.sqlite3-photos`), addressed by that hash, so the journal's dated
backups stay small (`storage/pictures.py`). Existing journals gain an empty
table and no store until the first photo is added.

Revision ID: 0006
Revises: 0005
Create Date: 2027-01-20 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("symptom_id", sa.Integer(), nullable=True),
        sa.Column("at_utc", sa.DateTime(), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("offset_min", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["symptom_id"], ["symptom_entries.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.create_index("ix_photos_at", ["at_utc"], unique=False)
        batch_op.create_index("ix_photos_sha256", ["sha256"], unique=False)


def downgrade() -> None:
    """The table goes; pictures left in the photo store are no longer named by any entry."""
    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.drop_index("ix_photos_sha256")
        batch_op.drop_index("ix_photos_at")
    op.drop_table("photos")
