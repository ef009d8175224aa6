"""SQLite storage through SQLAlchemy 2: models, connections, migrations, backups."""
