"""The contributors' part of an image's "Verwendet in" (images.usage): portraits."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from images.usage import Usage, UsageSource

from .models import Contributor


class Portraits(UsageSource):
    def usages(self, image_ids):
        for contributor in Contributor.objects.filter(portrait__in=image_ids).only(
            "pk", "name", "portrait_id", "is_active"
        ):
            yield Usage(
                image_id=contributor.portrait_id,
                title=contributor.name,
                how=_("Porträt"),
                state=_("aktiv") if contributor.is_active else _("ausgeschieden"),
                change_url=reverse("admin:people_contributor_change", args=[contributor.pk]),
                public=contributor.is_active,
            )

    def summary(self, image_id, count):
        text = ngettext("Porträt von %(count)d Person", "Porträt von %(count)d Personen", count) % {"count": count}
        return text, reverse("admin:people_contributor_changelist") + "?" + urlencode({"portrait__id__exact": image_id})
