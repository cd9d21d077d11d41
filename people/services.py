"""Writes on contributors that need a reason or a right: leaving (docs/autorinnen-und-autoren.md)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from reversion.models import Version

from .models import Contributor


@transaction.atomic
def retire_contributor(*, contributor: Contributor, user) -> Contributor:
    """The contributor leaves: the profile page answers 410 from now on, bylines keep the name as plain text, and
    the personal data is erased (DSGVO Art. 17): bio, portrait, links and the account link, also from every stored
    revision of the contributor, so that no restore brings them back."""
    if not user.has_perm("people.retire_contributor"):
        raise PermissionDenied("Nur die Redaktion kann Autorinnen und Autoren ausscheiden lassen.")
    contributor.is_active = False
    contributor.left_at = timezone.now()
    contributor.bio = ""
    contributor.portrait = None
    contributor.links = ""
    contributor.user = None
    contributor.role = ""
    contributor.save()
    Version.objects.get_for_object(contributor).delete()
    return contributor
