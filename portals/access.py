"""Who works on which portal, and which portal the admin is on (docs/mehrere-portale.md#rechte).

A person works on the portals of their memberships, each in a role (Autorin/Autor or Redaktion); superusers work
on every portal as Redaktion. The groups still say what a person may do at all (the model permissions): the
Redaktion's rights on a portal need both the group's permission and the role there. The admin shows one portal at
a time, the "current" one, kept in the session; a person with several switches in the header.
"""

from . import directory
from .models import Portal, PortalMembership

SESSION_KEY = "portals:current"
EDITOR = PortalMembership.Role.EDITOR
AUTHOR = PortalMembership.Role.AUTHOR


def roles(user) -> dict[int, str]:
    """{portal id: role} of the user's portals; every portal as Redaktion for superusers. Kept on the user object
    for the request (one query)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    known = getattr(user, "_portal_roles", None)
    if known is None:
        if user.is_superuser:
            known = dict.fromkeys(directory.current().portals, EDITOR)
        else:
            known = dict(PortalMembership.objects.filter(user=user).values_list("portal_id", "role"))
        user._portal_roles = known
    return known


def forget_roles(user) -> None:
    user.__dict__.pop("_portal_roles", None)


def portal_ids(user) -> list[int]:
    """The portals the user works on, in the portals' order."""
    return sorted(roles(user))


def role_on(user, portal_id: int | None) -> str | None:
    return roles(user).get(portal_id)


def works_on(user, portal_id: int | None) -> bool:
    return portal_id in roles(user)


def current_portal(request) -> Portal | None:
    """The portal the admin shows: the one chosen in the session, else the request's portal, else the first of
    the person's portals; None for a person without any."""
    if "_current_portal" not in request.__dict__:
        request._current_portal = None
        ids = portal_ids(request.user)
        session = getattr(request, "session", None)
        chosen = session.get(SESSION_KEY) if session is not None else None
        host_portal = getattr(getattr(request, "portal", None), "pk", None)
        for candidate in (chosen, host_portal, *ids[:1]):
            if candidate in ids:
                request._current_portal = directory.portal(candidate)
                break
    return request._current_portal


def choose_portal(request, portal_id: int) -> bool:
    """Make `portal_id` the admin's current portal, if the person works on it."""
    if not works_on(request.user, portal_id):
        return False
    request.session[SESSION_KEY] = portal_id
    request.__dict__.pop("_current_portal", None)
    return True
