"""Alembic environment: runs on the connection the app hands over (batch mode for SQLite)."""

from alembic import context

from journal.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the app runs migrations
    raise RuntimeError("migrations run through journal.storage.engine.migrate")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
