"""The image chooser: the dialog of the article form's lead image and of the body editor's picture button
(static/js/image-chooser.js) searches the library, uploads a new picture and fills in a missing credit or alt text.

Admin views (mounted by ImageAdmin.get_urls, so login, staff status and CSRF come from the admin site); the rights
are checked here: view_image to search and choose, add_image to upload, change_image to complete an image. Every
answer is JSON data, shown by the script as text only; odd input (any search text, page or id) gets an empty
result or a German message, never an error page. Each request does a bounded amount of work: one page of at most
PAGE_SIZE images in three queries, renditions made for one image at most.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Q
from django.forms import ModelForm
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from core.admin_base import is_valid_key
from core.media import storage_errors
from core.richtext import BODY_IMAGE_WIDTH

from .forms import ImageForm
from .models import THUMBNAIL_WIDTH, Image, ImageRights, Rendition
from .services import STORAGE_PROBLEM, MediaStorageFailed, image_save

PAGE_SIZE = 24
# Longer search texts are cut; more words than this are not looked for.
MAX_SEARCH_CHARS = 200
MAX_SEARCH_WORDS = 8
# What an image needs before an article may show it (the chooser asks for it before the image is used).
REQUIRED = ("alt_text", "credit")
NOT_FOUND = gettext_lazy("Dieses Bild gibt es nicht (mehr) in der Bildbibliothek.")
GONE = gettext_lazy("Die Lizenz dieses Bildes ist beendet; es kann nicht mehr verwendet werden.")
NO_LICENCE = gettext_lazy("ohne Lizenzangaben")
NOT_ALLOWED = gettext_lazy("Sie dürfen die Bildbibliothek nicht sehen.")


def missing(image: Image) -> list[str]:
    """The names of the fields the image still lacks to be shown."""
    return [field for field in REQUIRED if not getattr(image, field).strip()]


def image_data(image: Image, *, make_renditions: bool = False) -> dict:
    """What the chooser shows of an image and hands to the form or the body editor. Lists pass
    `make_renditions=False`: an image whose renditions are not made yet shows no thumbnail there."""
    if make_renditions:
        thumbnail = image.rendition(width=THUMBNAIL_WIDTH)
        body = image.rendition(width=BODY_IMAGE_WIDTH)
    else:
        thumbnail, body = image.ready_rendition(width=THUMBNAIL_WIDTH), None
    try:
        licence = image.rights.licence_label
    except ImageRights.DoesNotExist:
        licence = str(NO_LICENCE)
    return {
        "id": image.pk,
        "alt_text": image.alt_text,
        "licence": licence,
        "caption": image.caption,
        "credit": image.credit,
        "width": image.width,
        "height": image.height,
        "thumbnail": thumbnail.file.url if thumbnail else "",
        # The body shows this rendition (core.richtext lets only renditions through), never the original.
        "body": {"src": body.file.url, "width": body.width, "height": body.height} if body else None,
        "missing": missing(image),
        "change_url": reverse("admin:images_image_change", args=[image.pk]),
    }


def refused(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": str(message)}, status=status)


def _page_number(raw: str) -> int | None:
    """The page asked for, or None for anything that is not a plain page number."""
    raw = raw.strip()
    if not raw:
        return 1
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6:
        return None
    return int(raw)


@require_GET
def search(request):
    """One page of library images, newest first, whose alt text, caption or credit contain every word of `q`."""
    if not request.user.has_perm("images.view_image"):
        return refused(NOT_ALLOWED, 403)
    text = request.GET.get("q", "").replace("\x00", "")[:MAX_SEARCH_CHARS]
    # Pictures whose licence has ended (or whose file was withdrawn) are shown nowhere: not offered either.
    images = Image.objects.exclude(licence_ends_at__lte=timezone.now()).exclude(file="").select_related("rights")
    for word in text.split()[:MAX_SEARCH_WORDS]:
        images = images.filter(Q(alt_text__icontains=word) | Q(caption__icontains=word) | Q(credit__icontains=word))
    paginator = Paginator(images.order_by("-uploaded_at", "-pk"), PAGE_SIZE)
    number = _page_number(request.GET.get("seite", ""))
    answer = {"count": paginator.count, "pages": paginator.num_pages, "page": number, "results": [], "message": ""}
    if number is None or number < 1 or number > paginator.num_pages:
        answer["message"] = _("Diese Seite gibt es nicht. Bitte beginnen Sie auf Seite 1.")
        answer["page"] = None
        return JsonResponse(answer)
    thumbnails = Rendition.objects.filter(crop=Rendition.Crop.ORIGINAL, format=Rendition.Format.JPEG)
    page = paginator.page(number).object_list.prefetch_related(Prefetch("renditions", queryset=thumbnails))
    answer["results"] = [image_data(image) for image in page]
    if not paginator.count:
        answer["message"] = (
            _("Kein Bild passt zu „%(text)s“.") % {"text": text.strip()}
            if text.strip()
            else _("Die Bildbibliothek ist leer.")
        )
    else:
        answer["message"] = ngettext("%(count)d Bild", "%(count)d Bilder", paginator.count) % {"count": paginator.count}
    return JsonResponse(answer)


def _image_or_none(image_id: int) -> Image | None:
    if not is_valid_key(Image._meta.pk, image_id):
        return None
    return Image.objects.filter(pk=image_id).select_related("rights").first()


@require_GET
def chosen(request, image_id: int):
    """The image the editor chose, with its renditions for the form and the body made now if they are missing."""
    if not request.user.has_perm("images.view_image"):
        return refused(NOT_ALLOWED, 403)
    image = _image_or_none(image_id)
    if image is None:
        return refused(NOT_FOUND, 404)
    if image.is_gone():
        return refused(GONE, 410)
    try:
        return JsonResponse(image_data(image, make_renditions=True))
    except (*storage_errors(), ValueError):
        return refused(_("Die Bildvarianten fehlen und lassen sich gerade nicht erzeugen. Bitte später erneut."), 503)


class ImageDetailsForm(ModelForm):
    """What the chooser lets an editor fill in for an image that lacks it, with the model's own rules."""

    class Meta:
        model = Image
        fields = ["alt_text", "credit", "caption"]


def _form_errors(form) -> dict[str, list[str]]:
    return {field: [str(message) for message in messages] for field, messages in form.errors.items()}


@require_POST
def complete(request, image_id: int):
    """Save the alt text, credit and caption an editor filled in for an image from the library."""
    if not request.user.has_perm("images.change_image"):
        return refused(_("Sie dürfen Bilder der Bibliothek nicht ändern. Bitte wenden Sie sich an die Redaktion."), 403)
    image = _image_or_none(image_id)
    if image is None:
        return refused(NOT_FOUND, 404)
    if image.is_gone():
        return refused(GONE, 410)
    form = ImageDetailsForm(request.POST, instance=image)
    if not form.is_valid():
        return JsonResponse({"errors": _form_errors(form)}, status=400)
    return _saved(request, form.save(commit=False), original_name=image.file.name)


@require_POST
def upload(request):
    """A new library image from the chooser's upload tab: the image admin's form and checks, renditions made now."""
    if not request.user.has_perm("images.add_image"):
        return refused(_("Sie dürfen keine Bilder hochladen."), 403)
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"errors": _form_errors(form)}, status=400)
    return _saved(request, form.save(commit=False), original_name=None, status=201)


def _saved(request, image: Image, *, original_name: str | None, status: int = 200) -> JsonResponse:
    try:
        with transaction.atomic():
            image_save(image=image, user=request.user, original_name=original_name)
    except MediaStorageFailed:
        return JsonResponse({"errors": {"__all__": [str(STORAGE_PROBLEM)]}}, status=503)
    except PermissionDenied as error:
        return refused(str(error), 403)
    return JsonResponse(image_data(image, make_renditions=True), status=status)
