"""The host table: which portal answers on which host name, and every portal by id, read in one query and kept in
the process under the global content generation it was read at.

Portals are watched by the page cache without scope (apps.py), so any change to a portal, its address or its
aliases raises the global generation; a table kept under the current global generation is therefore the current
table. The middleware reads the generation anyway (one query per request, which a page-cache hit needs too) and
reloads the table only when that number (or its stamp) moved. The table's one query also reads the global generation and every
portal's own (as subqueries of the same statement, so all of one moment): a process that has just started, or a
request after a global change, costs one query more, never more.
"""

import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.http.request import validate_host

from core.hosts import AllowedHosts, set_portal_hosts
from pagecache.models import ContentGeneration, ScopeGeneration

from .models import Portal, normalize_host


@dataclass(frozen=True)
class Directory:
    # The global (number, stamp) the table was read at; None: the database had no generation row.
    generation: tuple[int, int] | None
    portals: dict[int, Portal] = field(default_factory=dict)
    # host -> (portal id, whether it is the portal's primary host)
    hosts: dict[str, tuple[int, bool]] = field(default_factory=dict)
    default_id: int | None = None
    # Each portal's own (number, stamp) when the table was read (good for the request that read it).
    scope_generations: dict[int, tuple[int, int]] = field(default_factory=dict)

    def generations(self, portal_id: int | None) -> tuple | None:
        """The row `pagecache.changes.read_generations` gives for the portal's scope, as of the table's moment."""
        if self.generation is None:
            return None
        return (*self.generation, *self.scope_generations.get(portal_id, (None, None)))

    def portal(self, pk: int | None) -> Portal | None:
        return self.portals.get(pk)

    @property
    def default(self) -> Portal | None:
        return self.portals.get(self.default_id)

    def lookup(self, domain: str) -> tuple[Portal | None, bool]:
        """(portal, is an alias) for a normalised host name. A host of no portal that the environment's
        ALLOWED_HOSTS lets in is answered by the first portal, as before there were portals; else (None, False)."""
        found = self.hosts.get(domain)
        if found is not None:
            return self.portals[found[0]], not found[1]
        if domain and validate_host(domain, environment_hosts()):
            return self.default, False
        return None, False


def environment_hosts() -> list[str]:
    """ALLOWED_HOSTS without the portals' names (what the environment and the test runner added)."""
    allowed = settings.ALLOWED_HOSTS
    if isinstance(allowed, AllowedHosts):
        return list(list.__iter__(allowed))
    return list(allowed)


_local = threading.local()
_kept: Directory | None = None


def load() -> Directory:
    """Read every portal with the global generation and each portal's own (one query); keep the table."""
    global _kept
    global_row = ContentGeneration.objects.filter(pk=1)
    own_row = ScopeGeneration.objects.filter(scope=OuterRef("pk"))
    rows = list(
        Portal.objects.order_by("pk").annotate(
            global_number=Subquery(global_row.values("number")[:1]),
            global_stamp=Subquery(global_row.values("stamp")[:1]),
            scope_number=Subquery(own_row.values("number")[:1]),
            scope_stamp=Subquery(own_row.values("stamp")[:1]),
        )
    )
    if rows:
        generation = None if rows[0].global_number is None else (rows[0].global_number, rows[0].global_stamp)
    else:
        generation = global_row.values_list("number", "stamp").first()
    portals = {portal.pk: portal for portal in rows}
    hosts: dict[str, tuple[int, bool]] = {}
    # Aliases first, so that a primary host always wins (clean() keeps them apart anyway).
    for portal in portals.values():
        for alias in portal.alias_hosts():
            hosts.setdefault(alias, (portal.pk, False))
    for portal in portals.values():
        hosts[portal.host] = (portal.pk, True)
    scopes = {portal.pk: (portal.scope_number, portal.scope_stamp) for portal in rows}
    directory = Directory(generation, portals, hosts, min(portals, default=None), scopes)
    set_portal_hosts(hosts)
    _kept = directory
    return directory


def kept() -> Directory | None:
    """The table this process read last (may belong to an older generation: compare before trusting it)."""
    return _kept


def forget() -> None:
    """Drop the kept table (tests, whose rolled-back databases bring generation numbers round again)."""
    global _kept
    _kept = None
    set_portal_hosts(())


def current() -> Directory:
    """The table of the request in progress (set by the middleware); outside a request, freshly read."""
    directory = getattr(_local, "directory", None)
    return directory if directory is not None else load()


def use(directory: Directory | None) -> None:
    _local.directory = directory


def portal(pk: int | None) -> Portal | None:
    return current().portal(pk)


def host_portal(value: str) -> Portal | None:
    return current().lookup(normalize_host(value))[0]
