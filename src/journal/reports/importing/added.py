"""What an import plan adds, one line each, worded only for the lines a preview shows."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from typing import Any, overload


class AddedItems(Sequence[str]):
    """What the plan adds, one line each, in words made only for the lines asked for.

    Held as runs of entries that share their wording (`add` extends the last
    run), so 100,000 intakes cost one reference each.
    """

    def __init__(self) -> None:
        self._runs: list[tuple[Callable[[Any], str], list[Any]]] = []
        self._ends: list[int] = []

    def add(self, words: Callable[[Any], str], item: Any) -> None:
        if self._runs and self._runs[-1][0] is words:
            self._runs[-1][1].append(item)
            self._ends[-1] += 1
        else:
            self._runs.append((words, [item]))
            self._ends.append((self._ends[-1] if self._ends else 0) + 1)

    def extend(self, words: Callable[[Any], str], items: Sequence[Any]) -> None:
        """`add` of each of `items`, in one step."""
        if not items:
            return
        if self._runs and self._runs[-1][0] is words:
            self._runs[-1][1].extend(items)
            self._ends[-1] += len(items)
        else:
            self._runs.append((words, list(items)))
            self._ends.append((self._ends[-1] if self._ends else 0) + len(items))

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        run = bisect_right(self._ends, index)
        start = self._ends[run - 1] if run else 0
        words, items = self._runs[run]
        return words(items[index - start])

    def __iter__(self) -> Iterator[str]:
        return (words(item) for words, items in self._runs for item in items)
