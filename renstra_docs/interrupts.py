"""Ctrl+C with worker processes: the parent process alone acts on it.

Ctrl+C reaches the terminal's whole process group. A pool worker interrupted while it waits
for work prints a traceback, and the pool can then hang on shutdown (seen with Python 3.11's
``multiprocessing.Pool``); so workers forked while :func:`parent_handles_interrupts` is active
ignore Ctrl+C, and the parent stops them itself. SIGTERM and SIGHUP (terminal closed) stop
the parent the same way, so its workers are never left behind.
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


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _in_forked_child() -> None:
    if _active:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGHUP, signal.SIG_DFL)


@contextmanager
def parent_handles_interrupts() -> Iterator[None]:
    """While active: SIGTERM and SIGHUP raise KeyboardInterrupt here, as Ctrl+C does, and
    processes forked meanwhile ignore Ctrl+C (and die on SIGTERM, as ``Pool.terminate``
    expects). Does nothing outside the main thread, where handlers cannot be set."""
    global _active, _hook_installed
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if not _hook_installed:
        os.register_at_fork(after_in_child=_in_forked_child)
        _hook_installed = True
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    _active = True
    try:
        yield
    finally:
        _active = False
        for sig, handler in previous.items():
            signal.signal(sig, handler)
