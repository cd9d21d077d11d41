"""Time bounds for a class of bugs (parsers that take quadratic time), not speed tests: a call either finishes
within a generous number of seconds on this shared machine, or the test fails, naming how long it was let run.
Speed itself is measured by bench/ scripts."""

import time
from collections.abc import Callable

from core.forked import ChildFailed, ChildTimeout, call_in_child

# Seconds a parser may take for 1–10 MB of its worst input here; linear code needs a fraction of it, quadratic
# code hours.
BOUND_SECONDS = 10


def seconds_taken(function: Callable[[], object], bound: float = BOUND_SECONDS) -> float:
    """Wall time of `function()` in a forked child that is killed after `bound` seconds (then AssertionError).
    The input is made before the call, in this process, so only the parsing is timed."""

    def timed() -> float:
        started = time.monotonic()
        function()
        return time.monotonic() - started

    try:
        return call_in_child(timed, timeout=bound)
    except ChildTimeout:
        raise AssertionError(f"still running after {bound} s") from None
    except ChildFailed as error:
        raise AssertionError(f"failed: {str(error)[:500]}") from None
