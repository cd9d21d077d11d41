"""The articles' part of an image's "Verwendet in" (images.usage): lead images."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from images.usage import Usage, UsageSource

from .models import Article


class ArticleImages(UsageSource):
    def usages(self, image_ids):
        articles = Article.objects.filter(lead_image__in=image_ids).order_by("-published_at", "-pk")
        for article in articles.only("pk", "headline", "status", "lead_image_id", "published_at"):
            yield Usage(
                image_id=article.lead_image_id,
                title=article.headline,
                how=_("Aufmacherbild"),
                state=article.get_status_display(),
                change_url=reverse("admin:articles_article_change", args=[article.pk]),
                # Scheduled ones included: they will show the image.
                public=article.status == Article.Status.PUBLISHED,
            )

    def summary(self, image_id, count):
        text = ngettext("verwendet in %(count)d Beitrag", "verwendet in %(count)d Beiträgen", count) % {"count": count}
        return text, reverse("admin:articles_article_changelist") + "?" + urlencode({"lead_image__id__exact": image_id})
