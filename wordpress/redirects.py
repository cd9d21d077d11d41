"""Old WordPress addresses answer with one 301 to where the content lives now.

`old_address(request)` is the hook: it returns the current URL for a request to a former WordPress address, or
None. `OldAddressMiddleware` asks it for requests to the home page that carry WordPress's query addresses
(`/?p=123`, `/?page_id=`, `/?cat=`, `/?tag=`) and for every other request that ended in a 404 (permalinks such as
/2008/09/02/slug/, /archives/123, /category/x/, /tag/y/), so it costs nothing on pages that exist. A page cache in
front of the views must let 404s through to it, or call `old_address` itself.
"""

import re

from django.http import HttpResponsePermanentRedirect

from articles.models import Article, ArticleRedirect

from .models import ImportedItem

QUERY_ADDRESSES = (("p", ImportedItem.Kind.POST), ("cat", ImportedItem.Kind.CATEGORY), ("tag", ImportedItem.Kind.TAG))
_ARCHIVES = re.compile(r"^/archives/([0-9]{1,18})/?$")
# Ids that fit a bigint column; anything else (huge numbers, other digits) is no WordPress id.
_ID = re.compile(r"[0-9]{1,18}")
# /category/parent/child/, also with /page/2/ or /feed/ behind it; the last slug names the category.
_TERM_ARCHIVE = re.compile(r"^/(category|tag)/(?:[^/]+/)*?([^/]+)/(?:page/\d+/?|feed/?(?:[a-z0-9]+/?)?)?$")


def _published_article_url(portal, **lookup) -> str | None:
    article = Article.objects.published().filter(**lookup).select_related("section").first()
    return article.url_on(portal) if article else None


def _post_url(portal, wp_id: int) -> str | None:
    found = ImportedItem.objects.for_wordpress_id(ImportedItem.Kind.POST, wp_id).exclude(article=None).first()
    return _published_article_url(portal, pk=found.article_id) if found else None


def _term_url(portal, kind: str, **lookup) -> str | None:
    found = (
        ImportedItem.objects.filter(kind=kind, **lookup)
        .select_related("section", "keyword")
        .order_by("-imported_at", "-pk")
        .first()
    )
    if found is None:
        return None
    if found.section is not None:
        # A section lives on its portal: from another portal's host, its absolute address there.
        path = found.section.get_absolute_url()
        return path if found.section.portal_id == portal.pk else found.section.portal.absolute_url(path)
    # Keywords are shared: their page on this portal.
    return found.keyword.get_absolute_url() if found.keyword is not None else None


def _query_address(request) -> str | None:
    for name, kind in QUERY_ADDRESSES:
        value = request.GET.get(name, "").strip()
        if not value or "\x00" in value:  # PostgreSQL refuses NUL in a string
            continue
        if kind == ImportedItem.Kind.TAG:
            return _term_url(request.portal, kind, wp_slug=value[:200])
        if not _ID.fullmatch(value):
            return None
        if kind == ImportedItem.Kind.POST:
            return _post_url(request.portal, int(value))
        return _term_url(request.portal, kind, wp_id=int(value))
    return None


def old_address(request) -> str | None:
    """The current URL for a former WordPress address on the request's portal, else None."""
    path = request.path
    if "\x00" in path or getattr(request, "portal", None) is None:
        return None
    if path == "/":
        return _query_address(request)
    if match := _ARCHIVES.match(path):
        return _post_url(request.portal, int(match.group(1)))
    if match := _TERM_ARCHIVE.match(path if path.endswith("/") else path + "/"):
        kind = ImportedItem.Kind.CATEGORY if match.group(1) == "category" else ImportedItem.Kind.TAG
        return _term_url(request.portal, kind, wp_slug=match.group(2)[:200])
    paths = [path] if path.endswith("/") else [path, path + "/"]
    moved = (
        ArticleRedirect.objects.filter(
            portal=request.portal, old_path__in=paths, article__in=Article.objects.published()
        )
        .select_related("article__section")
        .first()
    )
    return moved.article.url_on(request.portal) if moved else None


class OldAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and request.method in ("GET", "HEAD") and request.GET:
            target = old_address(request)
            if target:
                return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD") and request.path != "/":
            target = old_address(request)
            if target:
                return HttpResponsePermanentRedirect(target)
        return response
