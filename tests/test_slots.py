"""A crowd of page runs takes turns (cppcc.web.slots): never more than AT_ONCE at a
time, every run served, none waiting longer than it must."""

import threading
import time

from cppcc.web import slots


def test_no_more_than_the_slots_run_at_once_and_every_run_is_served():
    inside, most, served = 0, 0, []
    lock = threading.Lock()
    go = threading.Event()

    def visit(number: int) -> None:
        nonlocal inside, most
        go.wait()
        with slots.page_run():
            with lock:
                inside += 1
                most = max(most, inside)
            time.sleep(0.02)  # a run's work; the others wait meanwhile
            with lock:
                inside -= 1
                served.append(number)

    crowd = [threading.Thread(target=visit, args=(n,)) for n in range(5 * slots.AT_ONCE)]
    for thread in crowd:
        thread.start()
    go.set()
    for thread in crowd:
        thread.join(timeout=60)
    assert sorted(served) == list(range(5 * slots.AT_ONCE))
    assert most == slots.AT_ONCE  # the slots were all used, and never exceeded


def test_a_run_that_fails_gives_its_slot_back():
    for _ in range(slots.AT_ONCE + 1):
        try:
            with slots.page_run():
                raise RuntimeError("a page error")
        except RuntimeError:
            pass
    with slots.page_run():  # would wait WAIT_S if a slot had leaked
        pass
