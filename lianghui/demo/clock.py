"""The demo's clock: steps replayed at the moments they are dated.

The demo replays a real session (徐汇报, January 2024) and the year of proposal handling
after it. Every action dates what it writes from the clock it reads (``timezone.now()``,
model defaults, the audit log), so the only way to make them leave the dates a real year
leaves, without a clock parameter threaded through every action, is to move the process's
clock while the loader runs. time-machine does that for the C-level clock as well as the
Python one; it is a runtime dependency for this reason alone. Only the demo loader moves
the clock, and it puts it back before the server starts.
"""

import contextlib
from collections.abc import Callable, Iterator
from datetime import datetime

import time_machine


@contextlib.contextmanager
def replay(start: datetime) -> Iterator[Callable[[datetime], None]]:
    """Stop the clock at `start`; yields `move_to(when)` for each later step."""
    traveller = time_machine.travel(start, tick=False)
    clock = traveller.start()
    try:
        yield clock.move_to
    finally:
        traveller.stop()
