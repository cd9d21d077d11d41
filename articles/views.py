from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from .models import Article, ArticleRedirect, Keyword, Section
from .preview import article_pk_from_token


class HomeView(TemplateView):
    template_name = "articles/home.html"
    latest_count = 10
    per_section = 3

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published = Article.objects.published()
        latest = list(published.for_teasers()[: self.latest_count])
        by_section = {}
        for article in published.latest_per_section(self.per_section):
            by_section.setdefault(article.section_id, []).append(article)
        sections = [(section, by_section[section.pk]) for section in Section.objects.all() if section.pk in by_section]
        context.update(latest=latest, section_blocks=sections)
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
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["related_articles"] = self.object.related_for_readers()
        context["current_section"] = self.object.section
        return context


class ArticleListView(ListView):
    """A paginated teaser list, newest first; subclasses say which articles."""

    paginate_by = settings.NEWSROOM_PAGE_SIZE
    context_object_name = "articles"

    def articles(self):
        raise NotImplementedError

    def get_queryset(self):
        return self.articles().for_teasers()


class SectionView(ArticleListView):
    template_name = "articles/section_detail.html"

    def articles(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return Article.objects.published().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, current_section=self.section, **kwargs)


class KeywordView(ArticleListView):
    template_name = "articles/keyword_detail.html"

    def articles(self):
        self.keyword = get_object_or_404(Keyword, slug=self.kwargs["slug"])
        return Article.objects.published().filter(keyword_items__tag=self.keyword)

    def get_context_data(self, **kwargs):
        return super().get_context_data(keyword=self.keyword, **kwargs)


@method_decorator(never_cache, name="dispatch")
class PreviewView(ArticleDetailView):
    """An unpublished article in the real article template, for whoever holds a valid signed link.

    Once the article is public the link only leads to its public address (a temporary redirect, since a
    withdrawn article is previewable again)."""

    def get(self, request, *args, **kwargs):
        try:
            pk = article_pk_from_token(kwargs["token"])
        except signing.SignatureExpired:
            return self.refused("articles/preview_invalid.html", expired=True, status=410)
        except signing.BadSignature:
            return self.refused("articles/preview_invalid.html", expired=False, status=404)
        self.object = get_object_or_404(
            Article.objects.select_related("section", "article_type", "lead_image").prefetch_related(
                "keywords", "links"
            ),
            pk=pk,
        )
        if self.object.is_published():
            return HttpResponseRedirect(self.object.get_absolute_url())
        return self.not_indexed(self.render_to_response(self.get_context_data(object=self.object, preview=True)))

    def refused(self, template, status, **context):
        return self.not_indexed(render(self.request, template, context, status=status))

    @staticmethod
    def not_indexed(response):
        response["X-Robots-Tag"] = "noindex, nofollow"
        # The token must not travel to linked sites in the Referer header.
        response["Referrer-Policy"] = "no-referrer"
        return response
