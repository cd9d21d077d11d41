"""The articles' part of an image's "Verwendet in" (images.usage): lead images and pictures in the body."""

from django.db.models import F, IntegerField, Value
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from images.usage import Usage, UsageSource

from .models import Article, ArticleBodyImage

LEAD, BODY = 1, 2
# Only what a usage shows; the body and the search vector stay in the table.
FIELDS = ("pk", "headline", "status", "published_at")
# The change list's parameter for "articles that show this image" (ArticleAdmin's ShowsImageFilter).
SHOWS_IMAGE = "bild"


def usage_rows(image_ids):
    """Every use of the images as a dict of FIELDS, `image` and `role` (LEAD or BODY), newest article first: one query, a UNION of two index lookups (the lead image's foreign key and the body pictures'
    image index)."""
    lead = (
        Article.objects.filter(lead_image__in=image_ids)
        .order_by()
        .values(*FIELDS, image=F("lead_image_id"), role=Value(LEAD, output_field=IntegerField()))
    )
    body = (
        Article.objects.filter(body_image_links__image__in=image_ids)
        .order_by()
        .values(*FIELDS, image=F("body_image_links__image_id"), role=Value(BODY, output_field=IntegerField()))
    )
    return lead.union(body, all=True).order_by("-published_at", "-pk")


def articles_showing(image_id: int):
    """The ids of the articles that show the image, as lead image or in the body (a subquery)."""
    lead = Article.objects.filter(lead_image=image_id).order_by().values("pk")
    return lead.union(ArticleBodyImage.objects.filter(image=image_id).order_by().values("article_id"))


class ArticleImages(UsageSource):
    def usages(self, image_ids):
        # One usage per article and image, naming both roles when the article shows it as lead and in the body.
        roles: dict[tuple[int, int], list] = {}
        for row in usage_rows(image_ids):
            roles.setdefault((row["image"], row["pk"]), [row["headline"], row["status"], set()])[2].add(row["role"])
        for (image_id, pk), (headline, status, found) in roles.items():
            how = [label for role, label in ((LEAD, _("Aufmacherbild")), (BODY, _("im Text"))) if role in found]
            yield Usage(
                image_id=image_id,
                title=headline,
                how=_(" und ").join(how),
                state=Article.Status(status).label,
                change_url=reverse("admin:articles_article_change", args=[pk]),
                # Scheduled ones included: they will show the image.
                public=status == Article.Status.PUBLISHED,
            )

    def summary(self, image_id, count):
        text = ngettext("verwendet in %(count)d Beitrag", "verwendet in %(count)d Beiträgen", count) % {"count": count}
        return text, reverse("admin:articles_article_changelist") + "?" + urlencode({SHOWS_IMAGE: image_id})
