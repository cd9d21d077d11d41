"""Writes to accounts: only with the right to change accounts, checked here, whatever form or command calls."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from articles.roles import assign_role

from .models import Person


@transaction.atomic
def person_set_role(*, person: Person, role: str, user) -> Person:
    """Give `person` exactly `role` ("" for none), with the staff status it needs."""
    if not user.has_perm("accounts.change_person") and not user.has_perm("accounts.add_person"):
        raise PermissionDenied(_("Sie dürfen keine Rollen vergeben."))
    assign_role(person, role)
    return person
