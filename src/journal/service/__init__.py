"""The one door to the journal for the window and the command line.

`journal.Journal` is an open journal: its use cases, and its areas (entries,
products, backups, transfer). `opening.Opening` opens one and says how it went.
`timeline` builds the History rows, `demo` makes a demonstration journal,
`instance` keeps one window per journal folder, `failures` names what can go
wrong with the files. The modules are imported one by one (nothing here), so
that asking for a passphrase at start loads no database code yet.
"""
