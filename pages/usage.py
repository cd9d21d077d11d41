"""The static pages' part of an image's "Verwendet in" (images.usage): pictures in their text."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from images.rights import body_picture_ids, showing_pictures
from images.usage import Usage, UsageSource

from .models import Page


class PagePictures(UsageSource):
    def usages(self, image_ids):
        wanted = set(image_ids)
        for page in Page.objects.filter(showing_pictures(image_ids)).only("pk", "title", "body", "is_published"):
            for image_id in body_picture_ids(page.body):
                if image_id in wanted:
                    yield Usage(
                        image_id=image_id,
                        title=page.title,
                        how=_("Bild im Text einer Seite"),
                        state=_("veröffentlicht") if page.is_published else _("nicht veröffentlicht"),
                        change_url=reverse("admin:pages_page_change", args=[page.pk]),
                        public=page.is_published,
                    )

    def summary(self, image_id, count):
        text = ngettext("auf %(count)d Seite", "auf %(count)d Seiten", count) % {"count": count}
        return text, reverse("admin:pages_page_changelist")
