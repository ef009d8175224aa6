"""A demonstration journal: years of realistic, made-up entries from a seed.

The same generator feeds `journal demo`, `journal --demo`, tests, screenshots
and benchmarks: `generate` (story.py) returns plain domain values
(values.py), and `write_demo` (writing.py) writes them into an empty journal.
"""

from journal.service.demo.story import generate
from journal.service.demo.values import HAIR_SKIN, SYMPTOM_KEYS, DemoJournal, DemoSummary, summarise
from journal.service.demo.writing import write_demo

__all__ = ["HAIR_SKIN", "SYMPTOM_KEYS", "DemoJournal", "DemoSummary", "generate", "summarise", "write_demo"]
