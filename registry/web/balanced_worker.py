"""gunicorn's threaded worker, sharing connections evenly between the workers.

All workers accept from one listening socket, and whichever wakes first takes what is
queued: when clients open their keep-alive connections in a burst (wrk, a CI fleet, a proxy's
connection pool), one worker often takes all of them and keeps them, and the other cores
idle. Seen from outside with `registry serve --workers 2` and 32 wrk connections: about one
10-second run in eight had every connection on one worker and ran at half the rate (870
instead of 2,100 pages/s).

So each worker publishes how many connections it holds in a small table shared by all of
them (an anonymous shared mapping made by the arbiter before it forks), and stops accepting
while it holds more than ``SLACK`` connections above the least busy worker; that worker is
accepting, so nothing queued waits for more than a short poll (``IDLE_POLL_SECONDS``).
"""

from __future__ import annotations

import mmap
import os
from typing import Any

from gunicorn.workers.gthread import ThreadWorker

SLACK = 2
IDLE_POLL_SECONDS = 0.05
_SLOT = 2  # int32s per worker: pid, connections held

_table: memoryview | None = None


def make_table(workers: int) -> None:
    """In the arbiter, before any worker forks: room for every worker and as many again
    while a reload or a crash replaces them."""
    global _table
    slots = 2 * workers + 2
    _table = memoryview(mmap.mmap(-1, slots * _SLOT * 4)).cast("i")


def assign_slot(_arbiter: Any, worker: Any) -> None:
    """gunicorn's pre_fork hook (arbiter): a slot no live worker holds, or none (then that
    worker accepts as plain gthread does)."""
    worker.balance_slot = None
    if _table is None:
        return
    held = {getattr(w, "balance_slot", None) for w in _arbiter.WORKERS.values()}
    for slot in range(len(_table) // _SLOT):
        if slot not in held:
            _clear(slot)  # claimed by the worker once it runs
            worker.balance_slot = slot
            return


def release_slot(_arbiter: Any, worker: Any) -> None:
    """gunicorn's child_exit hook (arbiter): the worker is gone, however it ended."""
    slot = getattr(worker, "balance_slot", None)
    if _table is not None and slot is not None:
        _clear(slot)


def _clear(slot: int) -> None:
    assert _table is not None
    _table[slot * _SLOT] = 0
    _table[slot * _SLOT + 1] = 0


class BalancedThreadWorker(ThreadWorker):  # type: ignore[misc]
    balance_slot: int | None = None

    def init_process(self) -> None:
        if _table is not None and self.balance_slot is not None:
            _table[self.balance_slot * _SLOT] = os.getpid()
        super().init_process()

    def handle_exit(self, sig: int, frame: Any) -> None:
        # Stopping: no longer accepting, so the others must not wait for this one to.
        if _table is not None and self.balance_slot is not None:
            _table[self.balance_slot * _SLOT] = 0
        super().handle_exit(sig, frame)

    def _ahead(self) -> bool:
        """Whether this worker holds more than SLACK connections above the least busy one."""
        if _table is None or self.balance_slot is None or not self.alive:
            return False
        _table[self.balance_slot * _SLOT + 1] = self.nr_conns
        fewest = self.nr_conns
        for slot in range(0, len(_table), _SLOT):
            if _table[slot] and _table[slot + 1] < fewest:
                fewest = _table[slot + 1]
        return self.nr_conns > fewest + SLACK

    def set_accept_enabled(self, enabled: bool) -> None:
        super().set_accept_enabled(enabled and not self._ahead())

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        if self._accepting and self._ahead():
            super().set_accept_enabled(False)
        if not self._accepting and self.alive:
            # The run loop re-enables accepting between polls: look again soon.
            timeout = min(timeout, IDLE_POLL_SECONDS)
        super().wait_for_and_dispatch_events(timeout)
