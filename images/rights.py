"""Picture rights as rules: which outputs a licence covers, what keeps a picture from being published, and the
pictures that no output may show any more because their licence has ended (docs/bildrechte.md).

An ended licence is decided by time, like scheduled publishing: `Image.licence_ends_at` (the rights record's
`valid_until`) lies in the past. Every output asks `Image.is_gone()` before it shows a picture, the page cache
knows the next licence end (images/apps.py), and the files go by the next write or `manage.py
remove_ended_pictures` (images/services.py).
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Image, ImageRights

# What readers see where a picture was: no file, no address, no credit.
GONE_NOTE = gettext_lazy("Bild nicht mehr verfügbar")
# Licences listed on the editors' start page and in the digest mail: those ending within this many days.
ENDING_SOON_DAYS = 30
START_PAGE_LENGTH = 20


@dataclass(frozen=True)
class Output:
    """A place pictures appear in; `scope` is the rights record's field that must allow it."""

    key: str
    label: str  # German, after "deckt … nicht ab"
    scope: str


OUTPUTS: dict[str, Output] = {
    "web": Output("web", gettext_lazy("die Website"), "scope_web"),
    "print": Output("print", gettext_lazy("Druck und PDF"), "scope_print"),
    "newsletter": Output("newsletter", gettext_lazy("den Newsletter"), "scope_newsletter"),
    "portals": Output("portals", gettext_lazy("andere Portale und Partner"), "scope_portals"),
}


def picture_name(image: Image) -> str:
    return f"„{image.alt_text}“ ({image.credit})" if image.credit else f"„{image.alt_text}“"


def _date(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def rights_problems(images: list[Image], *, outputs: list[str], shown_from: datetime) -> list[str]:
    """Why these pictures may not appear in `outputs` from `shown_from` on, one German sentence each (empty: they
    may). A missing licence counts only where the Redaktion requires one (IMAGE_RIGHTS_REQUIRED). One query."""
    records = {rights.image_id: rights for rights in ImageRights.objects.filter(image__in=[i.pk for i in images])}
    problems = []
    for image in dict.fromkeys(images):
        name = picture_name(image)
        rights = records.get(image.pk)
        if rights is None or rights.licence == ImageRights.Licence.UNKNOWN:
            if settings.IMAGE_RIGHTS_REQUIRED:
                problems.append(_("Für das Bild %(picture)s ist keine Lizenz erfasst.") % {"picture": name})
            if rights is None:
                continue
        if image.is_gone():
            problems.append(_("Das Bild %(picture)s ist nicht mehr verfügbar (Lizenz beendet).") % {"picture": name})
            continue
        if rights.valid_until is not None and rights.valid_until <= max(shown_from, timezone.now()):
            problems.append(
                _("Die Lizenz des Bildes %(picture)s ist am %(date)s abgelaufen.")
                % {"picture": name, "date": _date(rights.valid_until)}
            )
            continue
        if rights.valid_from is not None and rights.valid_from > shown_from:
            problems.append(
                _("Die Lizenz des Bildes %(picture)s gilt erst ab %(date)s.")
                % {"picture": name, "date": _date(rights.valid_from)}
            )
        for key in outputs:
            output = OUTPUTS[key]
            if not getattr(rights, output.scope):
                problems.append(
                    _("Die Lizenz des Bildes %(picture)s deckt %(output)s nicht ab.")
                    % {"picture": name, "output": output.label}
                )
    return problems


# --- pictures in rich text (article and page bodies) --------------------------------------------------


def _rendition_src() -> re.Pattern:
    # Body pictures are renditions (core.richtext), stored as renditions/<image id>/… (images/renditions.py).
    return re.compile(r'<img\s[^>]*?src="' + re.escape(settings.MEDIA_URL) + r'renditions/([0-9]+)/[^"]*"[^>]*>')


def body_picture_ids(html: str) -> list[int]:
    """The library images whose renditions `html` shows, in order, without duplicates; no query."""
    return list(dict.fromkeys(int(found) for found in _rendition_src().findall(html or "")))


def showing_pictures(image_ids, field: str = "body") -> Q:
    """A condition on a rich-text field: it shows a rendition of one of `image_ids` (for "Verwendet in")."""
    condition = Q(pk__in=[])
    for pk in image_ids:
        condition |= Q(**{f"{field}__contains": f"renditions/{pk}/"})
    return condition


def gone_picture_ids(image_ids: list[int], now: datetime | None = None) -> set[int]:
    """Of `image_ids`, those no output may show (licence ended, or the image is no more); one query."""
    if not image_ids:
        return set()
    known = dict(Image.objects.filter(pk__in=image_ids).values_list("pk", "licence_ends_at"))
    moment = now or timezone.now()
    return {pk for pk in image_ids if pk not in known or (known[pk] is not None and known[pk] <= moment)}


def without_gone_pictures(html: str, gone: set[int]) -> str:
    """`html` with each figure (or lone picture) of the `gone` images replaced by the neutral note: no address,
    caption or credit of it stays."""
    if not gone:
        return html
    picture = _rendition_src()

    def replace_figure(match: re.Match) -> str:
        shown = picture.search(match[0])
        if shown and int(shown[1]) in gone:
            return f'<p class="picture-gone">{GONE_NOTE}</p>'
        return match[0]

    html = re.sub(r"<figure>(?:(?!</figure>).)*</figure>", replace_figure, html, flags=re.DOTALL)
    return picture.sub(
        lambda m: f'<span class="picture-gone">{GONE_NOTE}</span>' if int(m[1]) in gone else m[0],
        html,
    )


def body_for_readers(html: str) -> str:
    """A sanitised body with the pictures of ended licences replaced (one query if it shows pictures, else none)."""
    return without_gone_pictures(html, gone_picture_ids(body_picture_ids(html)))


# --- licences ending soon: the start page and the digest mail -----------------------------------------


def ending_soon(now: datetime | None = None, days: int = ENDING_SOON_DAYS):
    """Rights records whose licence ends within `days`, soonest first."""
    now = now or timezone.now()
    return (
        ImageRights.objects.filter(valid_until__gt=now, valid_until__lte=now + timedelta(days=days))
        .select_related("image")
        .order_by("valid_until", "pk")
    )


def licences_for_start_page(user) -> dict:
    """ "Bildlizenzen, die bald enden" on the editors' start page, for whoever may read picture rights."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm("images.view_imagerights"):
        return {}
    return {"licences_ending": list(ending_soon()[:START_PAGE_LENGTH]), "licence_days": ENDING_SOON_DAYS}
