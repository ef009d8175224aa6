"""Reports and data that travels: the clinician PDF, exports (JSON, CSV) and imports.

Nothing here imports Qt: the window calls these functions through `journal.ui`, the
command line through `journal report`, `journal export` and `journal import`. They
read and write the journal through `journal.service.journal.Journal` only.
"""
