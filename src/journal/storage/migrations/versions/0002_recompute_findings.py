"""Recompute the stored findings of every intake once, with this version's rules.

Up to schema 1 an intake's findings were what the app said when it was logged
and stayed so: a back-dated, edited, deleted, restored or imported entry could
leave other intakes with findings their 24-hour window no longer matched. From
schema 2 every write keeps them fresh (`journal.storage.findings`); this brings
an existing journal there. The schema itself does not change.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 10:00:00
"""

from alembic import op

from journal import resources
from journal.storage import findings

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    findings.refresh_all(op.get_bind(), resources.guidance())


def downgrade() -> None:
    """Nothing to undo: schema 1 reads fresh findings as well as stale ones."""
