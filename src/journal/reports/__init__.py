"""Reports and data that travels: exports (JSON, CSV), imports, and later the clinician PDF.

Nothing here imports Qt: the window calls these functions through `journal.ui.transfer`,
the command line through `journal export` and `journal import`.
"""
