"""The articles' part of an image's "Verwendet in" (images.usage): lead images (which teasers show too), pictures
in bodies, and cached PDFs, whose files go when the picture's licence ends.

Pictures in bodies come from ArticleBodyImage (articles/models.py), an index kept in step with every body: one
indexed query, not a scan of every body."""

from django.db.models import F, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from images.renditions import delete_files
from images.usage import Usage, UsageSource

from .models import Article, ArticleBodyImage

# The change list's parameter for "articles whose body shows this image" (ArticleAdmin's ShowsInBodyFilter).
SHOWS_IN_BODY = "bild_im_text"


def _usage(article, image_id: int, how: str) -> Usage:
    return Usage(
        image_id=image_id,
        title=article.headline,
        how=how,
        state=article.get_status_display(),
        change_url=reverse("admin:articles_article_change", args=[article.pk]),
        # Scheduled ones included: they will show the image.
        public=article.status == Article.Status.PUBLISHED,
    )


def showing_in_body(image_ids):
    """Articles whose body shows one of `image_ids` (a subquery on ArticleBodyImage's index)."""
    return Article.objects.filter(pk__in=ArticleBodyImage.objects.filter(image__in=image_ids).values("article_id"))


class ArticleImages(UsageSource):
    def usages(self, image_ids):
        articles = Article.objects.filter(lead_image__in=image_ids).order_by("-published_at", "-pk")
        for article in articles.only("pk", "headline", "status", "lead_image_id", "published_at"):
            yield _usage(article, article.lead_image_id, _("Aufmacherbild und Anrisse"))

    def summary(self, image_id, count):
        text = ngettext("verwendet in %(count)d Beitrag", "verwendet in %(count)d Beiträgen", count) % {"count": count}
        return text, reverse("admin:articles_article_changelist") + "?" + urlencode({"lead_image__id__exact": image_id})


class ArticleBodyPictures(UsageSource):
    def usages(self, image_ids):
        articles = (
            Article.objects.filter(body_image_links__image__in=image_ids)
            .annotate(shown_image=F("body_image_links__image_id"))
            .order_by("-published_at", "-pk")
        )
        for article in articles.only("pk", "headline", "status", "published_at"):
            yield _usage(article, article.shown_image, _("Bild im Text"))

    def summary(self, image_id, count):
        text = ngettext("im Text von %(count)d Beitrag", "im Text von %(count)d Beiträgen", count) % {"count": count}
        return text, reverse("admin:articles_article_changelist") + "?" + urlencode({SHOWS_IN_BODY: image_id})


class CachedPdfs(UsageSource):
    """PDFs kept in the media storage (articles/printing.py) of articles that show the picture."""

    def articles(self, image_ids):
        return Article.objects.filter(Q(lead_image__in=image_ids) | Q(pk__in=showing_in_body(image_ids).values("pk")))

    def usages(self, image_ids):
        from .printing import cached_pdf_names

        wanted = set(image_ids)
        articles = list(self.articles(image_ids).only("pk", "headline", "status", "lead_image_id"))
        stored = cached_pdf_names([article.pk for article in articles])
        with_pdf = [a for a in articles if any(name.rsplit("/", 1)[-1].startswith(f"{a.pk}-") for name in stored)]
        in_body = ArticleBodyImage.objects.filter(article__in=with_pdf, image__in=image_ids)
        body_images = {}
        for article_id, image_id in in_body.values_list("article_id", "image_id"):
            body_images.setdefault(article_id, set()).add(image_id)
        for article in with_pdf:
            shown = ({article.lead_image_id} | body_images.get(article.pk, set())) & wanted
            for image_id in sorted(shown):
                yield _usage(article, image_id, _("zwischengespeichertes PDF"))

    def summary(self, image_id, count):
        text = ngettext("in %(count)d gespeicherten PDF", "in %(count)d gespeicherten PDFs", count) % {"count": count}
        return text, reverse("admin:images_image_change", args=[image_id])

    def forget(self, image_ids):
        from .printing import cached_pdf_names

        delete_files(cached_pdf_names(list(self.articles(image_ids).values_list("pk", flat=True))))
