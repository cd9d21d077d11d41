"""scripts/side-by-side, which runs the SQLite and the PostgreSQL pass of `make test` at once (docs/tests.md)."""

import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "side-by-side"


def side_by_side(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([SCRIPT, *arguments], capture_output=True, text=True, timeout=30)


def test_both_commands_run_to_their_end_and_one_failure_fails_the_whole():
    result = side_by_side("sqlite", "echo eins; exit 3", "postgres", "sleep 0.5; echo zwei")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "[sqlite] eins" in lines and "[postgres] zwei" in lines
    assert lines[-2:] == ["side-by-side: sqlite: FAILED", "side-by-side: postgres: passed"]


def test_every_line_is_prefixed_with_its_command_and_success_is_zero():
    result = side_by_side("a", "printf 'x\\ny\\n' >&2", "b", "echo z")
    assert result.returncode == 0
    assert sorted(result.stdout.splitlines()[:3]) == ["[a] x", "[a] y", "[b] z"]


def test_a_missing_command_is_refused_with_usage():
    result = side_by_side("sqlite")
    assert result.returncode == 2 and "usage" in result.stderr
