"""Pure-Python core: entities, validation, guidance rules and statistics.

Nothing here imports Qt, SQLAlchemy or another part of the project, so the rules
that decide what a person is told can be tested in isolation.
"""
