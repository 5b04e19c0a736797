"""Simultaneous sign-in attempts, as several app servers' threads make them: used by
the DuckDB test here and the PostgreSQL test in tests/cluster (``python -m
tests.signin_attempts STORE NAME THREADS`` prints one outcome per line)."""

import sys
import threading
import time

from cppcc.upload import access


def attempts(store, name: str, threads: int, known: bool = True) -> list[str]:
    """``threads`` wrong-password attempts on ``name`` at once; each one's outcome."""
    outcomes, start = [], threading.Barrier(threads)

    def one():
        start.wait()
        try:
            outcome, _ = access.attempt_signin(
                store, name, lambda: time.sleep(0.05) or False, known=known
            )
        except Exception as error:
            outcome = f"error: {type(error).__name__}: {error}"
        outcomes.append(outcome)

    workers = [threading.Thread(target=one) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return outcomes


if __name__ == "__main__":
    store, name, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
    print("\n".join(attempts(store, name, threads)))
