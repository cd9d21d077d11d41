"""Writes to the image library: saving an image with its renditions (the image admin and the image chooser alike;
it checks the user's rights), and those of the picture rights (docs/bildrechte.md): removing what is left of
pictures whose licence has ended, and the digest of licences that end soon. Both of these run outside requests:
after the next write (apps.py), from `manage.py remove_ended_pictures` and `manage.py send_licence_digest`."""

import logging
import posixpath
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.media import storage_errors
from pagecache import registry

from .models import Image, ImageRights, private_storage
from .renditions import delete_files, delete_files_on_commit, ensure_renditions
from .rights import ending_soon
from .usage import forget_everywhere

logger = logging.getLogger(__name__)

STORAGE_PROBLEM = gettext_lazy(
    "Das Bild wurde nicht gespeichert: Der Medienspeicher ist voll oder schreibgeschützt. Ihre Angaben sind "
    "erhalten; bitte wählen Sie die Datei später noch einmal aus oder wenden Sie sich an die Technik."
)


class MediaStorageFailed(Exception):
    """The storage refused a file of the image being saved; nothing of it was kept."""


def image_save(*, image: Image, user, original_name: str | None = None) -> Image:
    """Save an image that a validated form filled in (ImageForm) and make its renditions at once.

    `original_name` is the file the image had before this save (None for a new image). All or nothing for the
    files: when the storage refuses one (full, read-only, unreachable), the new upload and the renditions
    written so far are removed and MediaStorageFailed is raised; the caller's transaction then rolls the row back
    (docs/betrieb.md). A replaced upload may carry GPS and camera data: it is deleted once the save has committed.
    """
    adding = image.pk is None
    if not user.has_perm("images.add_image" if adding else "images.change_image"):
        raise PermissionDenied(
            _("Sie dürfen keine Bilder hochladen.") if adding else _("Sie dürfen dieses Bild nicht ändern.")
        )
    if adding:
        image.uploaded_by = user
    try:
        image.save()
        if image.file:
            ensure_renditions(image)
    except storage_errors() as error:
        logger.error("Image not saved, media storage refused it: %s", error)
        # `_committed`: the new upload reached the storage (else its name is only the one it was uploaded as).
        if image.file and image.file._committed and image.file.name != original_name:
            delete_files([image.file.name])
        raise MediaStorageFailed from error
    if original_name and original_name != image.file.name:
        delete_files_on_commit([original_name])
    return image


def pictures_to_remove(now: datetime | None = None):
    return Image.objects.licence_ended(now).filter(files_removed_at__isnull=True)


def remove_ended_pictures(*, now: datetime | None = None) -> list[int]:
    """Delete the renditions and cached PDFs of every picture whose licence has ended, and move its original out
    of the public media storage into the private one (only the Redaktion opens it there). Returns the image ids.

    Pages stopped showing these pictures at the licence end already; this removes what is left under old
    addresses, on the file system and in a bucket alike."""
    now = now or timezone.now()
    removed = []
    for image in pictures_to_remove(now):
        with transaction.atomic():
            names = list(image.renditions.values_list("file", flat=True))
            image.renditions.all().delete()
            kept = ""
            if image.file:
                kept = _withdraw_original(image)
                names.append(image.file.name)
            ImageRights.objects.filter(image=image).update(withdrawn_original=kept)
            Image.objects.filter(pk=image.pk).update(
                file="", file_hash="", width=None, height=None, files_removed_at=now
            )
        # At once, not on commit: whatever becomes of a surrounding transaction, these files must go.
        delete_files(names)
        forget_everywhere([image.pk])
        removed.append(image.pk)
        logger.info("Bild %s: Lizenz beendet, Dateien entfernt", image.pk)
    return removed


def _withdraw_original(image: Image) -> str:
    """A private copy of the original, for the Redaktion's records; "" when the public file is already gone."""
    try:
        with default_storage.open(image.file.name, "rb") as original:
            return private_storage.save(f"zurueckgezogen/{image.pk}/{posixpath.basename(image.file.name)}", original)
    except storage_errors() as error:
        logger.warning("Original von Bild %s nicht gesichert: %r", image.pk, error)
        return ""


def digest_recipients() -> list[str]:
    """RIGHTS_DIGEST_TO, else the addresses of the active accounts that manage picture rights (the Redaktion)."""
    if settings.RIGHTS_DIGEST_TO:
        return list(settings.RIGHTS_DIGEST_TO)
    manages = Q(codename="change_imagerights", content_type__app_label="images")
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(
        Q(is_superuser=True)
        | Q(user_permissions__in=Permission.objects.filter(manages))
        | Q(groups__permissions__in=Permission.objects.filter(manages))
    )
    return sorted(set(users.values_list("email", flat=True)))


def send_licence_digest(*, now: datetime | None = None) -> int:
    """One mail to the Redaktion listing the licences that end within 30 days; none when nothing ends. Returns
    the number of licences listed."""
    ending = list(ending_soon(now))
    recipients = digest_recipients()
    if not ending or not recipients:
        return 0
    body = render_to_string("images/licence_digest.txt", {"ending": ending, "site_url": settings.SITE_URL})
    subject = _("Bildlizenzen, die in den nächsten 30 Tagen enden: %(count)d") % {"count": len(ending)}
    # One mail; the Redaktion's addresses in Bcc, so that no one learns the others'.
    EmailMessage(subject, body, to=[settings.DEFAULT_FROM_EMAIL], bcc=recipients).send()
    return len(ending)


def after_write(sender, raw=False, **kwargs) -> None:
    """post_save/post_delete of a model whose rows pages show: once the transaction commits, the files of pictures
    whose licence has ended are removed (one indexed query when there are none). Writes of the images app itself
    are left out (the removal writes them)."""
    if raw or sender._meta.app_label == "images" or sender._meta.label not in registry.WATCHED_MODELS:
        return
    connection = transaction.get_connection()
    if any(entry[1] is _remove_if_due for entry in connection.run_on_commit):
        return  # once per transaction
    transaction.on_commit(_remove_if_due)


def _remove_if_due() -> None:
    if pictures_to_remove().exists():
        remove_ended_pictures()
