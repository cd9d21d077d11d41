"""Sitemaps (django.contrib.sitemaps) of articles (with lead images), sections and keywords, their index, and a
Google News sitemap of the last two days. Every URL is built on SITE_URL, never on the request's Host header."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from .models import NEWS_DAYS, Article, Keyword, Section
from .seo import absolute_url

# Google reads at most 1,000 URLs from a news sitemap.
NEWS_LIMIT = 1000


class SiteUrlSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteUrlSitemap):
    limit = 5000

    def items(self):
        return Article.objects.published().for_teasers()

    def lastmod(self, article):
        return max(article.updated_at, article.published_at)


class SectionSitemap(SiteUrlSitemap):
    def items(self):
        return Section.objects.all()


class KeywordSitemap(SiteUrlSitemap):
    def items(self):
        return Keyword.objects.with_article_counts().order_by("name")


SITEMAPS = {"beitraege": ArticleSitemap, "bereiche": SectionSitemap, "stichwoerter": KeywordSitemap}


def sitemap_index(request):
    """The sitemap index, one entry per page of each sitemap."""
    locations = []
    for section, sitemap_class in SITEMAPS.items():
        path = reverse("articles:sitemap-section", kwargs={"section": section})
        pages = sitemap_class().paginator.num_pages
        locations += [absolute_url(path + (f"?p={page}" if page > 1 else "")) for page in range(1, pages + 1)]
    return TemplateResponse(
        request, "sitemaps/index.xml", {"locations": locations}, content_type="application/xml; charset=utf-8"
    )


def sitemap_section(request, section):
    if section not in SITEMAPS:
        raise Http404
    return sitemap(
        request,
        sitemaps={section: SITEMAPS[section]},
        section=section,
        template_name="sitemaps/urlset.xml",
        content_type="application/xml; charset=utf-8",
    )


def news_sitemap(request):
    """Articles of the last two days for Google News."""
    since = timezone.now() - timedelta(days=NEWS_DAYS)
    articles = Article.objects.published().filter(published_at__gte=since).for_teasers()[:NEWS_LIMIT]
    return TemplateResponse(
        request, "sitemaps/news.xml", {"articles": articles}, content_type="application/xml; charset=utf-8"
    )
