"""Pausing Python's cyclic garbage collector while a bulk step makes many objects that stay.

Reading, planning and writing 100,000 entries makes hundreds of thousands of
objects that live until the step ends. Each few hundred new objects start a
young collection and every so often a full one, which walks every object
already made: a fifth of an import went to that, freeing nothing, since
entries, rows and findings hold no cycles. Reference counting still frees
everything at once; the collector is on again when the step ends (and runs
then as usual, for anything the step left in a cycle).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside; afterwards the collector is on if it was on before.

    Only a step that found the collector on turns it on again, so a step
    inside another, or one begun on another thread while the other ran,
    never turns it on under that one (the later step may end with it on:
    slower, never wrong).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
