"""Recompute stored findings once: the cited starting dose is said only while a person is starting.

Up to schema 4 every intake above the cited starting dose (1 to 5 g) carried a
notice, also after years of entries. The sources give that range as a
*starting* dose, so from schema 5 it is said of the journal's first intake and
of intakes from a day the person says they are starting or restarting
(Settings); stored findings of an existing journal are brought there once.
The schema itself does not change.

Revision ID: 0005
Revises: 0004
Create Date: 2027-01-10 10:00:00
"""

from alembic import op

from journal import resources
from journal.storage import findings

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    findings.refresh_all(op.get_bind(), resources.guidance())


def downgrade() -> None:
    """Nothing to undo: schema 2 reads these findings as well as its own."""
