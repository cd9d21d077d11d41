"""Time bounds for a class of bugs (parsers that take quadratic time), not speed tests: a call either finishes
within a generous number of seconds on this shared machine, or the test fails, naming how long it was let run.
Speed itself is measured by bench/ scripts."""

import multiprocessing
import time
from collections.abc import Callable

# Seconds a parser may take for 1–10 MB of its worst input here; linear code needs a fraction of it, quadratic
# code hours.
BOUND_SECONDS = 10


def seconds_taken(function: Callable[[], object], bound: float = BOUND_SECONDS) -> float:
    """Wall time of `function()` in a forked child that is killed after `bound` seconds (then AssertionError).
    The input is made before the call, in this process, so only the parsing is timed."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def run():
        started = time.monotonic()
        try:
            function()
            sender.send(("ok", time.monotonic() - started))
        except BaseException as error:
            sender.send(("error", f"{type(error).__name__}: {error}"[:500]))

    child = context.Process(target=run, daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(bound):
            raise AssertionError(f"still running after {bound} s")
        status, value = receiver.recv()
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if status != "ok":
        raise AssertionError(f"failed: {value}")
    return value
