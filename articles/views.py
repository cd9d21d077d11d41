from django.conf import settings
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from .models import Article, Keyword, Section


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

    def get_queryset(self):
        return (
            Article.objects.published()
            .filter(section__slug=self.kwargs["section"])
            .select_related("section", "article_type", "lead_image")
            .prefetch_related("keywords", "links", "lead_image__renditions")
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
