"""`ALLOWED_HOSTS` that follows the portal table: the host names the environment names, plus those the portals
app reports whenever it reads its host table (portals/directory.py). Django checks every request's host against
this list as against any other (`HttpRequest.get_host()`); an unknown host is still its 400.

A list of the environment's names (so it prints and compares as the setting always did), which iterates over
both parts. Django's test runner copies the setting into a plain list; tests/conftest.py wraps it again."""

_portal_hosts: frozenset[str] = frozenset()


def set_portal_hosts(hosts) -> None:
    """The host names of all portals (primary and aliases), lower case, without port."""
    global _portal_hosts
    _portal_hosts = frozenset(hosts)


def portal_hosts() -> frozenset[str]:
    return _portal_hosts


class AllowedHosts(list):
    def __iter__(self):
        yield from super().__iter__()
        # Read once per iteration: a reload in another thread replaces the set, never changes it.
        yield from sorted(_portal_hosts)

    def __bool__(self):
        return bool(len(self) or _portal_hosts)
