"""How the parsers of outside input grow with their input: the WordPress markup converter, the body sanitiser, a
title and a caption, each given 0.5, 1 and 2 MB of a hostile repeating pattern (the ones of
tests/site/test_parser_time.py) and of ordinary text. Linear code takes about twice as long for twice the input
(the last column); quadratic code four times. Prints seconds (best of three).

    DEBUG=true PYTHONPATH=. .venv/bin/python bench/parsers.py
"""

import time

from _sandbox import throwaway_django

throwaway_django("bench-parsers-")

from core.richtext import sanitize_body  # noqa: E402
from wordpress import markup  # noqa: E402

SIZES = (0.5, 1, 2)
ORDINARY = "<p>Das Land stellt seine Bauämter auf ein gemeinsames Online-Verfahren um.</p>\n\n"
CASES = {
    "convert_body: ordinary paragraphs": (markup.convert_body, ORDINARY),
    "convert_body: [caption]": (markup.convert_body, "[caption]"),
    "convert_body: <!--": (markup.convert_body, "<!--"),
    "convert_body: <figure>": (markup.convert_body, "<figure>"),
    "convert_body: <video>": (markup.convert_body, "<video>"),
    "plain_title: &lt;": (markup.plain_title, "&lt;"),
    "credit_and_caption: line breaks": (lambda text: markup.credit_and_caption(text, text), "\n"),
    "sanitize_body: ordinary paragraphs": (sanitize_body, ORDINARY),
    "sanitize_body: <div>": (sanitize_body, "<div>"),
    "sanitize_body: <ul><li>": (sanitize_body, "<ul><li>"),
    "sanitize_body: <": (sanitize_body, "<"),
}


def seconds(function, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        function(text)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    print(f"{'parser: pattern':40} " + " ".join(f"{size:>6} MB" for size in SIZES) + "   2 MB ÷ 1 MB")
    for name, (function, pattern) in CASES.items():
        taken = [seconds(function, pattern * int(size * 1_000_000 / len(pattern))) for size in SIZES]
        print(f"{name:40} " + " ".join(f"{value:8.2f} s" for value in taken) + f"   {taken[2] / taken[1]:5.1f}")


if __name__ == "__main__":
    main()
