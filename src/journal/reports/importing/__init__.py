"""Import into the journal: this app's JSON and CSV exports, and PsychonautWiki Journal's JSON export.

Three steps, so nothing is written before a person has seen what will happen:

1. Reading (`formats.read_import_file`, one reader per format: `journal_json`,
   `journal_csv`, `psychonautwiki`) streams the file and validates every entry
   (`records`, over typed `fields`) into domain values (`incoming`). Any
   problem raises ImportFileError naming the file, line, column and field,
   and nothing has been changed.
2. The plan (`plan`, with the matching rules of `matching`) compares them with
   the journal: what is new, what is already there (the same entry: skipped),
   and what conflicts (the same entry with different content: reported, never
   overwritten). Its `summary_lines` are the preview.
3. Writing (`steps.apply_import`) backs the journal up and writes everything
   new in one transaction, after checking under the write lock that the
   journal has not changed since the preview.

The names below are what the window and the command line use.
"""

from journal.reports.importing.errors import ImportFileError
from journal.reports.importing.formats import read_import_file
from journal.reports.importing.jsondoc import locate_json
from journal.reports.importing.plan import Conflict, ImportPlan, plan_import
from journal.reports.importing.steps import ImportResult, apply_import, import_file, preview_import

__all__ = [
    "Conflict",
    "ImportFileError",
    "ImportPlan",
    "ImportResult",
    "apply_import",
    "import_file",
    "locate_json",
    "plan_import",
    "preview_import",
    "read_import_file",
]
