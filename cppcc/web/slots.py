"""At most a few page runs at a time in one server process (#24).

Streamlit runs each session's script in a thread of one process, and Python lets one
thread run at a time: a hundred visitors arriving together are a hundred threads taking
turns, each finishing only at the end, and the server's event loop, which answers the
browsers' WebSocket pings, waits its turn among them. Past about fifty, pings went
unanswered for 20 s and browsers dropped the connection. A run that finds every slot
taken waits here without holding the interpreter, so the event loop keeps answering,
and the runs admitted finish one after another instead of all at the end.
"""

import contextlib
import threading
from collections.abc import Iterator

# two cores: a few runs at once keep both busy (a run waits on DuckDB and the network
# too); more only share the interpreter more finely
AT_ONCE = 4
# a run never waits forever for a slot (a stuck run elsewhere must not stop the server)
WAIT_S = 120.0

_slots = threading.BoundedSemaphore(AT_ONCE)


@contextlib.contextmanager
def page_run() -> Iterator[None]:
    """Hold one of the process's ``AT_ONCE`` slots while a page runs."""
    got = _slots.acquire(timeout=WAIT_S)
    try:
        yield
    finally:
        if got:
            _slots.release()
