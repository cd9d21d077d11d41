from functools import partial

from django.conf import settings
from django.core import signing
from django.core.paginator import InvalidPage, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponseGone, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView, TemplateView

from images.models import Rendition, prefetch_renditions
from pagecache.fragments import until_next_change
from people.models import Contributor

from . import search
from .context_processors import nav_sections
from .filters import ArchiveFilter
from .models import Article, ArticleRedirect, Keyword, Section, german_sort_key, index_letter
from .preview import article_pk_from_token, share_terms
from .workflow import editor_bar


class HomeView(TemplateView):
    template_name = "articles/home.html"
    latest_count = 10
    per_section = 3

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published = Article.objects.published()
        latest = list(published.teaser_rows()[: self.latest_count])
        # The header's cached section list, in the same order: no query of its own.
        sections = nav_sections(self.request)
        per_section = list(published.latest_per_section(self.per_section, [section.pk for section in sections]))
        prefetch_renditions({Rendition.Crop.WIDE: [article.lead_image for article in latest + per_section]})
        by_section = {}
        for article in per_section:
            by_section.setdefault(article.section_id, []).append(article)
        blocks = [(section, by_section[section.pk]) for section in sections if section.pk in by_section]
        context.update(latest=latest, section_blocks=blocks)
        return context


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A former address of a published article (renamed or moved): straight to where it lives now.
            moved = (
                ArticleRedirect.objects.filter(old_path=request.path, article__in=Article.objects.published())
                .select_related("article__section")
                .first()
            )
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved.article.get_absolute_url())

    def get_queryset(self):
        return (
            Article.objects.published()
            .filter(section__slug=self.kwargs["section"])
            .select_related("section", "article_type", "lead_image")
            .prefetch_related("keywords", "links")
            .with_bylines()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        related = self.object.related_for_readers()
        # The article's picture and the related box's teaser pictures: one query for all their renditions.
        prefetch_renditions(
            {
                Rendition.Crop.ORIGINAL: [self.object.lead_image],
                Rendition.Crop.WIDE: [article.lead_image for article in related],
            }
        )
        context["related_articles"] = related
        context["current_section"] = self.object.section
        return context


class ArticleListPaginator(Paginator):
    """Pages of a teaser list that cost the same on page 1 and on page 1,000 of a large archive.

    `count` comes from `counted()` (a cached count, see ArticleListView). A page past the middle is read from the
    other end, in reverse order with a small OFFSET, and turned round: an OFFSET of tens of thousands of rows makes
    the database read and skip all of them. The order (date, then id) is total, so both ends give the same pages."""

    def __init__(self, object_list, per_page, counted=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.counted = counted

    @cached_property
    def count(self) -> int:
        return self.counted() if self.counted else super().count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom <= self.count // 2:
            return self._get_page(self.object_list[bottom:top], number, self)
        from_end = self.object_list.reverse()[self.count - top : self.count - bottom]
        return self._get_page(list(from_end)[::-1], number, self)


class ArticleListView(ListView):
    """A paginated teaser list, newest first; subclasses say which articles and under which name they are counted."""

    paginate_by = settings.NEWSROOM_PAGE_SIZE
    paginator_class = ArticleListPaginator
    context_object_name = "articles"

    def articles(self):
        raise NotImplementedError

    def count_name(self) -> str:
        raise NotImplementedError

    def get_queryset(self):
        return self.articles().teaser_rows()

    def paginate_queryset(self, queryset, page_size):
        paginator, page, articles, is_paginated = super().paginate_queryset(queryset, page_size)
        # The page's teasers and the renditions of all their pictures (only the teaser crop): two queries.
        page.object_list = articles = list(articles)
        prefetch_renditions({Rendition.Crop.WIDE: [article.lead_image for article in articles]})
        return paginator, page, articles, is_paginated

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        # Counting a section's or keyword's articles reads every one of them; the count holds until the content
        # changes, so it is kept under the content generation.
        counted = partial(until_next_change, self.request, self.count_name(), queryset.count)
        return super().get_paginator(
            queryset, per_page, orphans=orphans, allow_empty_first_page=allow_empty_first_page, counted=counted
        )


class SectionView(ArticleListView):
    template_name = "articles/section_detail.html"

    def articles(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return Article.objects.published().filter(section=self.section)

    def count_name(self) -> str:
        return f"section-count:{self.section.pk}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, current_section=self.section, **kwargs)


class KeywordView(ArticleListView):
    template_name = "articles/keyword_detail.html"

    def articles(self):
        self.keyword = get_object_or_404(Keyword, slug=self.kwargs["slug"])
        return Article.objects.published().filter(keyword_items__tag=self.keyword)

    def count_name(self) -> str:
        return f"keyword-count:{self.keyword.pk}"

    def get_context_data(self, **kwargs):
        # Shared articles are counted over all of the keyword's articles: kept like the count.
        related = until_next_change(self.request, f"related-keywords:{self.keyword.pk}", self.keyword.related_keywords)
        return super().get_context_data(keyword=self.keyword, related_keywords=related, **kwargs)


class ContributorView(ArticleListView):
    """A contributor's profile and published articles, paged like a keyword's; 410 once they have left."""

    template_name = "articles/contributor_detail.html"

    def get(self, request, *args, **kwargs):
        self.contributor = get_object_or_404(Contributor.objects.select_related("portrait"), slug=self.kwargs["slug"])
        if not self.contributor.is_active:
            return contributor_gone(request)
        return super().get(request, *args, **kwargs)

    def articles(self):
        return Article.objects.published().by_contributor(self.contributor)

    def count_name(self) -> str:
        return f"contributor-count:{self.contributor.pk}"

    def get_context_data(self, **kwargs):
        portrait = self.contributor.portrait
        if portrait is not None and not portrait.is_gone():
            prefetch_renditions({Rendition.Crop.SQUARE: [portrait]})
        return super().get_context_data(contributor=self.contributor, **kwargs)


def contributor_gone(request):
    """The page of a contributor who left: gone for good (410), naming nobody."""
    response = render(request, "articles/contributor_gone.html", status=HttpResponseGone.status_code)
    return response


class CappedPaginator(Paginator):
    """Counts at most `max_results` matches: counting every match of a wide filter costs time in proportion to
    the archive, and nobody pages past the first thousand. `capped` tells that there are more."""

    def __init__(self, object_list, per_page, max_results: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.max_results = max_results

    @cached_property
    def found(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list)  # search results: ranked ids, counted already
        # Without ordering and annotations: counting needs neither the ranking nor the sort.
        return self.object_list.order_by().values("pk")[: self.max_results + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.found, self.max_results)

    @property
    def capped(self) -> bool:
        return self.found > self.max_results


class ArchiveView(TemplateView):
    """Archive and search: filters as GET parameters; bad parameters give the form with messages, never a 500."""

    template_name = "articles/archive.html"
    max_results = 1000

    def get(self, request, *args, **kwargs):
        filterset = ArchiveFilter(request.GET or None, queryset=Article.objects.published().for_teasers())
        # A search ranks its newest SEARCH_CANDIDATES matches (plus one, which tells that there are more).
        max_results = search.SEARCH_CANDIDATES if filterset.search_text else self.max_results
        context = self.get_context_data(filterset=filterset, max_results=max_results)
        query = request.GET.copy()
        query.pop("page", None)
        context["page_query"] = query.urlencode()
        # The header's search field shows what was typed, even when the form rejects it.
        context["typed_search"] = request.GET.get("q", "")
        if filterset.is_bound and not filterset.is_valid():
            return self.render_to_response(context, status=400)
        paginator = CappedPaginator(filterset.qs, settings.NEWSROOM_PAGE_SIZE, max_results)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except InvalidPage:
            context.update(paginator=paginator, page_missing=True)
            return self.render_to_response(context, status=404)
        articles = list(page.object_list)
        if filterset.search_text:
            for article in articles:
                article.snippet = search.snippet(article, filterset.search_text)
        context.update(
            paginator=paginator,
            page_obj=page,
            is_paginated=page.has_other_pages(),
            articles=articles,
            search_text=filterset.search_text,
        )
        return self.render_to_response(context)


class KeywordIndexView(TemplateView):
    """All keywords of published articles from A to Z, with their article counts."""

    template_name = "articles/keyword_index.html"

    def get_context_data(self, **kwargs):
        groups = {}
        for keyword in Keyword.objects.with_article_counts():
            groups.setdefault(index_letter(keyword.name), []).append(keyword)
        letters = sorted(groups, key=lambda letter: (letter == "#", letter))
        index = [(letter, sorted(groups[letter], key=lambda k: german_sort_key(k.name))) for letter in letters]
        return super().get_context_data(index=index, **kwargs)


def not_indexed(response):
    """A preview's answer: never indexed, never cached by anyone, its token never sent to another site in a Referer.
    (Same-origin, not no-referrer: the buttons of the editor's bar post to the admin, and with no-referrer the
    browser sends `Origin: null`, which the CSRF check refuses.)"""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    add_never_cache_headers(response)
    return response


class PreviewMixin:
    """Views behind a preview link (page, print view, PDF): the token names the article and when the link ends.

    An expired link gets a German page (410), a wrong one too (404). Once the article is public the link only leads
    to its public address (a temporary redirect, since a withdrawn article is previewable again)."""

    # Where the link leads once the article is public.
    public_name = "articles:detail"

    def dispatch(self, request, *args, **kwargs):
        self.token = kwargs["token"]
        try:
            pk, self.expires = article_pk_from_token(self.token)
        except signing.SignatureExpired:
            return not_indexed(render(request, "articles/preview_invalid.html", {"expired": True}, status=410))
        except signing.BadSignature:
            return not_indexed(render(request, "articles/preview_invalid.html", {"expired": False}, status=404))
        self.object = get_object_or_404(
            Article.objects.select_related("section", "article_type", "lead_image")
            .prefetch_related("keywords", "links")
            .with_bylines(),
            pk=pk,
        )
        if self.object.is_published():
            public = reverse(self.public_name, kwargs={"section": self.object.section.slug, "slug": self.object.slug})
            return not_indexed(HttpResponseRedirect(public))
        return not_indexed(super().dispatch(request, *args, **kwargs))

    def preview_address(self, name: str) -> str:
        """The same link (same token, same end) to another view of the preview."""
        return reverse(name, kwargs={"token": self.token})


class PreviewView(PreviewMixin, ArticleDetailView):
    """An unpublished article in the real article template, for whoever holds a valid signed link; people who may
    edit it also get its workflow buttons (articles/workflow.py) and a way back to the form."""

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(
            object=self.object,
            preview=True,
            share_terms=share_terms(self.expires),
            preview_print_url=self.preview_address("articles:preview-print"),
            preview_pdf_url=self.preview_address("articles:preview-pdf"),
            **editor_bar(request.user, self.object),
        )
        return self.render_to_response(context)
