"""Assertions shared by several test files."""


def assert_in_order(text: str, *fragments: str) -> None:
    """Each fragment occurs in `text`, after the previous one."""
    position = 0
    for fragment in fragments:
        found = text.find(fragment, position)
        assert found >= 0, f"{fragment!r} missing or out of order"
        position = found + len(fragment)
