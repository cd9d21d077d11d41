"""Work in a forked child that is killed after a time limit, so that no input can hang the process that asked for
it: the PDF render (articles.printing), and the time bounds of the parser tests (tests/bounded.py)."""

import multiprocessing
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class ChildTimeout(Exception):
    """The child was still running when its time was up, and was killed."""


class ChildFailed(Exception):
    """The child raised (the message names the exception) or ended without a result."""


def call_in_child(function: Callable[[], T], *, timeout: float) -> T:
    """`function()` in a forked child (it inherits what this process imported); its result, which must pickle."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def run() -> None:
        try:
            sender.send(("ok", function()))
        except BaseException as error:
            sender.send(("error", f"{type(error).__name__}: {error}"))
        finally:
            sender.close()

    child = context.Process(target=run, daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise ChildTimeout(f"still running after {timeout} s")
        status, value = receiver.recv()
    except EOFError as error:
        raise ChildFailed("the child ended without a result") from error
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if status != "ok":
        raise ChildFailed(value)
    return value
