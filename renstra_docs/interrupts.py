"""Ctrl+C with worker processes: the parent process alone acts on it.

Ctrl+C reaches the terminal's whole process group. A pool worker interrupted while it waits
for work prints a traceback, and the pool can then hang on shutdown (seen with Python 3.11's
``multiprocessing.Pool``); so workers forked while :func:`parent_handles_interrupts` is active
ignore Ctrl+C, and the parent stops them itself. SIGTERM and SIGHUP (terminal closed) stop
the parent the same way, so its workers are never left behind.

A signal may also arrive while a worker is being forked, and two things go wrong then.
In the new process, CPython discards any signal that reaches it before its own after-fork
set-up (its Python handler has not run yet): a worker that ``terminate()`` hits in its first
instant would live on, and the parent would wait for it for ever. In the parent, Python runs
the ``os.register_at_fork`` hooks (``logging``'s takes and releases its module lock around
every fork), and an exception raised in a hook is printed and dropped: Ctrl+C would be lost,
``logging``'s lock left taken, and the next fork would hang. So the forking thread blocks
these signals for the fork — a worker starts with them blocked, sets its own handling, then
unblocks them, and any already sent acts at once — and while a fork is under way, or in a
section of :func:`deferred_interrupts` (a worker started and recorded, or neither), the
parent only notes a signal and acts on it right after.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_active = False
_hook_installed = False
#: Forks under way (their at-fork hooks running) and open :func:`deferred_interrupts`.
_forking = 0
_deferring = 0
#: A signal that arrived meanwhile, to be acted on afterwards.
_pending: int | None = None
SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
#: Per forking thread: the signals it blocked for the fork, to unblock after it.
_fork_mask = threading.local()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    global _pending
    if _forking or _deferring:
        _pending = signum
        if _forking or _deferring:  # else a pool's thread finished its fork meanwhile
            return
        _pending = None
    raise KeyboardInterrupt


def _before_fork() -> None:
    global _forking
    _forking += 1
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS) if _active else SIGNALS
    _fork_mask.unblock = SIGNALS - set(blocked)


def _after_fork_in_parent() -> None:
    global _forking, _pending
    signal.pthread_sigmask(signal.SIG_UNBLOCK, getattr(_fork_mask, "unblock", set()))
    _forking -= 1
    if _pending is not None and not _forking and not _deferring:
        # Forked outside a deferred section (a pool's own thread replacing a worker): the
        # main thread acts on the signal once the fork is done.
        signum, _pending = _pending, None
        signal.raise_signal(signum)


def _in_forked_child() -> None:
    global _forking, _deferring, _pending
    _pending = None  # the parent's to act on
    _forking = _deferring = 0
    if _active:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
        # A SIGTERM or SIGHUP sent since the fork ends this process now; Ctrl+C is dropped.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)


@contextmanager
def deferred_interrupts() -> Iterator[None]:
    """A section Ctrl+C, SIGTERM and SIGHUP do not cut short (while
    :func:`parent_handles_interrupts` is active): a signal arriving in it is acted on — as
    KeyboardInterrupt — when the section ends, so that a worker process is both started and
    recorded (to be stopped), or neither."""
    global _deferring, _pending
    _deferring += 1
    try:
        yield
    finally:
        _deferring -= 1
        if not _deferring and not _forking and _pending is not None:
            _pending = None
            raise KeyboardInterrupt


@contextmanager
def parent_handles_interrupts() -> Iterator[None]:
    """While active: Ctrl+C, SIGTERM and SIGHUP raise KeyboardInterrupt here (never inside
    a fork's hooks), and processes forked meanwhile ignore Ctrl+C (and die on SIGTERM, as
    ``Pool.terminate`` expects). Does nothing outside the main thread, where handlers cannot
    be set."""
    global _active, _hook_installed
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if not _hook_installed:
        # Registered after logging's: the "before" hook runs ahead of logging's, the "after"
        # hooks behind its, so the whole of logging's part of a fork is covered.
        os.register_at_fork(
            before=_before_fork,
            after_in_parent=_after_fork_in_parent,
            after_in_child=_in_forked_child,
        )
        _hook_installed = True
    previous = {sig: signal.signal(sig, _interrupt) for sig in SIGNALS}
    _active = True
    try:
        yield
    finally:
        _active = False
        for sig, handler in previous.items():
            signal.signal(sig, handler)
