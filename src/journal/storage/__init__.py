"""SQLite storage through SQLAlchemy 2: the store, models, connections, migrations, backups, keys.

Only `journal.service` imports this package (an import contract says so): the
window, the command line, the charts and the reports reach the journal through
`journal.service.journal.Journal`.
"""
