"""The journal store: the one place that reads and writes the database.

`Store` (connection.py) is made of one part per kind of entry, each in its own
module, over what they share (base.py) and the conversions between rows and
domain values (rows.py).
"""

from journal.storage.store.base import Clock, utc_now
from journal.storage.store.connection import FILE_PROBLEMS, Store, recover

__all__ = ["FILE_PROBLEMS", "Clock", "Store", "recover", "utc_now"]
