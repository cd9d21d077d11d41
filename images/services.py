"""Writes to the image library, used by the image admin and the image chooser alike; each checks the user's rights."""

import logging

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.media import storage_errors

from .models import Image
from .renditions import delete_files, delete_files_on_commit, ensure_renditions

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
        ensure_renditions(image)
    except storage_errors() as error:
        logger.error("Image not saved, media storage refused it: %s", error)
        # `_committed`: the new upload reached the storage (else its name is only the one it was uploaded as).
        if image.file._committed and image.file.name != original_name:
            delete_files([image.file.name])
        raise MediaStorageFailed from error
    if original_name and original_name != image.file.name:
        delete_files_on_commit([original_name])
    return image
