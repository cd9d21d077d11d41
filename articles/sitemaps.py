"""Sitemaps (django.contrib.sitemaps) of a portal's articles (with lead images), sections and keywords, their index,
and a Google News sitemap of the last two days. Every URL is built on the portal's configured address, never on the
request's Host header. A shared article is listed only in the sitemaps of its home portal, at its one address."""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from .models import NEWS_DAYS, Article, Keyword, Section

# Google reads at most 1,000 URLs from a news sitemap.
NEWS_LIMIT = 1000


class PortalSitemap(Sitemap):
    def __init__(self, portal):
        self.portal = portal

    def get_protocol(self, protocol=None):
        return self.portal.scheme

    def get_domain(self, site=None):
        return self.portal.netloc


class ArticleSitemap(PortalSitemap):
    limit = 5000

    def items(self):
        return Article.objects.published().home_on(self.portal).for_teasers()

    def lastmod(self, article):
        return max(article.updated_at, article.published_at)


class SectionSitemap(PortalSitemap):
    def items(self):
        return Section.objects.filter(portal=self.portal)


class KeywordSitemap(PortalSitemap):
    def items(self):
        return Keyword.objects.with_article_counts(self.portal).order_by("name")


SITEMAPS = {"beitraege": ArticleSitemap, "bereiche": SectionSitemap, "stichwoerter": KeywordSitemap}


def sitemap_index(request):
    """The sitemap index, one entry per page of each sitemap."""
    locations = []
    for section, sitemap_class in SITEMAPS.items():
        path = reverse("articles:sitemap-section", kwargs={"section": section})
        pages = sitemap_class(request.portal).paginator.num_pages
        locations += [
            request.portal.absolute_url(path + (f"?p={page}" if page > 1 else "")) for page in range(1, pages + 1)
        ]
    return TemplateResponse(
        request, "sitemaps/index.xml", {"locations": locations}, content_type="application/xml; charset=utf-8"
    )


def sitemap_section(request, section):
    if section not in SITEMAPS:
        raise Http404
    return sitemap(
        request,
        sitemaps={section: SITEMAPS[section](request.portal)},
        section=section,
        template_name="sitemaps/urlset.xml",
        content_type="application/xml; charset=utf-8",
    )


def news_sitemap(request):
    """The portal's own articles of the last two days for Google News."""
    since = timezone.now() - timedelta(days=NEWS_DAYS)
    articles = (
        Article.objects.published().home_on(request.portal).filter(published_at__gte=since).for_teasers()[:NEWS_LIMIT]
    )
    return TemplateResponse(
        request, "sitemaps/news.xml", {"articles": articles}, content_type="application/xml; charset=utf-8"
    )
