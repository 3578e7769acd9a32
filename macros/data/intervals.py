"""Overlapping intervals of time, found by sort and sweep: the one way the data finds clashes."""

from __future__ import annotations

import heapq
from datetime import datetime
from typing import Iterable, Iterator, Protocol, TypeVar


class Interval(Protocol):
    @property
    def start(self) -> datetime: ...

    @property
    def end(self) -> datetime: ...


I = TypeVar("I", bound=Interval)


def overlaps(intervals: Iterable[I]) -> Iterator[tuple[I, I]]:
    """Every pair of overlapping intervals (earlier first), by sort and sweep: O(n log n + pairs).

    After the pops, every interval still in the heap ends after this one starts, so each
    one visited is a real pair: the inner loop costs exactly the pairs it yields. Its order
    (heap order) is deterministic; callers sort the problems anyway.
    """
    active: list[tuple[datetime, int, I]] = []
    for n, interval in enumerate(sorted(intervals, key=lambda i: (i.start, i.end))):
        while active and active[0][0] <= interval.start:
            heapq.heappop(active)
        for _, _, earlier in active:
            yield earlier, interval
        heapq.heappush(active, (interval.end, n, interval))
