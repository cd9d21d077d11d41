"""Content-addressed cache keys: a hash of the layout (templates and code as deployed) and of everything a piece
of output shows. Any change to either gives a new key, so a cache keyed this way never needs invalidating; the
PDF cache (printing.py) and the teaser cache (templatetags/teasers.py) use it."""

import hashlib
from collections.abc import Iterable
from pathlib import Path

from django.template.loader import get_template


def layout_digest(template_names: Iterable[str], files: Iterable[Path | str]) -> bytes:
    """The sources of these templates and files; callers cache it, since a deployed layout does not change."""
    digest = hashlib.sha256()
    for name in template_names:
        digest.update(get_template(name).template.source.encode())
    for path in files:
        digest.update(Path(path).read_bytes())
    return digest.digest()


def fingerprint(layout: bytes, shown: list) -> str:
    """Hex key for output made with `layout` from the values `shown` (compared by their repr)."""
    digest = hashlib.sha256(layout)
    digest.update(repr(shown).encode())
    return digest.hexdigest()
