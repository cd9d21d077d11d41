"""RSS 2.0 and Atom feeds (django.contrib.syndication) of all articles, of a section and of a keyword.

Each item: "kicker: headline", link, lead (as HTML-escaped text, see item_description), date, author shorthand, keywords as categories and the lead image as
an enclosure, with its credit in Media RSS (`media:content` with `media:credit`).
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from people.models import Contributor

from .models import Article, Keyword, Section
from .seo import absolute_url, lead_image_size, lead_image_type, lead_image_url

MEDIA_NAMESPACE = "http://search.yahoo.com/mrss/"
FEED_ITEMS = 30


class MediaRssMixin:
    """Per item, the lead image with its credit in Media RSS."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        image = item.get("lead_image")
        if image:
            handler.startElement("media:content", image["attributes"])
            handler.addQuickElement("media:credit", image["credit"], {"role": "photographer"})
            if image["description"]:
                handler.addQuickElement("media:description", image["description"])
            handler.endElement("media:content")


class MediaRssFeed(MediaRssMixin, Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_NAMESPACE}


class MediaAtomFeed(MediaRssMixin, Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NAMESPACE}


FEED_TYPES = {"rss": MediaRssFeed, "atom": MediaAtomFeed}


class ArticleFeed(Feed):
    """The newest published articles; subclasses narrow them down."""

    @classmethod
    def as_view(cls):
        # A fresh instance per request: the feed keeps the request's format and path on itself.
        def view(request, *args, **kwargs):
            return cls()(request, *args, **kwargs)

        return view

    def __call__(self, request, *args, format="rss", **kwargs):
        if format not in FEED_TYPES:
            raise Http404
        self.feed_type = FEED_TYPES[format]
        self.format = format
        return super().__call__(request, *args, **kwargs)

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return self.articles(obj).for_teasers().prefetch_related("keywords").with_bylines()[:FEED_ITEMS]

    def title(self, obj):
        return settings.SITE_NAME

    def description(self, obj):
        return _("Nachrichten über die Digitalisierung der öffentlichen Verwaltung")

    def subtitle(self, obj):
        return self.description(obj)

    def page_path(self, obj) -> str:
        return "/"

    def link(self, obj):
        return absolute_url(self.page_path(obj))

    def feed_url(self, obj):
        return absolute_url(self.request_path)

    def get_object(self, request, *args, **kwargs):
        self.request_path = request.path
        return None

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        # RSS <description> and Atom <summary type="html"> hold HTML, which the XML layer escapes once more; the
        # lead is plain text, so it is escaped as HTML first, or a reader would decode "<script>" into markup.
        return escape(item.lead)

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        # RSS: <dc:creator>, Atom: <author><name>; several contributors in the byline's order.
        return ", ".join(item.author_names()) or None

    def item_author_link(self, item):
        # Atom's <author><uri>: the first writer's profile page, while they have one.
        writers = [writer for writer in item.writers() if writer.is_active]
        return absolute_url(writers[0].get_absolute_url()) if writers else None

    def item_categories(self, item):
        return [keyword.name for keyword in item.keywords.all()]

    def item_enclosures(self, item):
        if not item.shown_lead_image:
            return []
        return [Enclosure(lead_image_url(item), str(lead_image_size(item)), lead_image_type(item))]

    def item_extra_kwargs(self, item):
        if not item.shown_lead_image:
            return {}
        image = item.lead_image
        attributes = {"url": lead_image_url(item), "type": lead_image_type(item), "medium": "image"}
        if rendition := item.lead_rendition():
            # The size of the file the URL points at (the rendition), not of the uploaded original.
            attributes.update(width=str(rendition.width), height=str(rendition.height))
        return {"lead_image": {"attributes": attributes, "credit": image.credit, "description": image.alt_text}}


class SectionFeed(ArticleFeed):
    def get_object(self, request, slug):
        super().get_object(request)
        return get_object_or_404(Section, slug=slug)

    def articles(self, obj):
        return super().articles(obj).filter(section=obj)

    def title(self, obj):
        return f"{settings.SITE_NAME} – {obj.name}"

    def page_path(self, obj):
        return obj.get_absolute_url()


class KeywordFeed(ArticleFeed):
    def get_object(self, request, slug):
        super().get_object(request)
        return get_object_or_404(Keyword, slug=slug)

    def articles(self, obj):
        return super().articles(obj).filter(keyword_items__tag=obj)

    def title(self, obj):
        return f"{settings.SITE_NAME} – " + _("Stichwort: %(keyword)s") % {"keyword": obj.name}

    def page_path(self, obj):
        return obj.get_absolute_url()


class ContributorFeed(ArticleFeed):
    """A contributor's articles; none once they have left (the feed answers 404 like their page's 410)."""

    def get_object(self, request, slug):
        super().get_object(request)
        return get_object_or_404(Contributor.objects.active(), slug=slug)

    def articles(self, obj):
        return super().articles(obj).by_contributor(obj)

    def title(self, obj):
        return f"{settings.SITE_NAME} – {obj.name}"

    def page_path(self, obj):
        return obj.get_absolute_url()
