from django.urls import path
from django.views.generic import RedirectView, TemplateView

from . import action_views, feeds, sitemaps, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("archiv/", views.ArchiveView.as_view(), name="archive"),
    path(
        "suche/",
        RedirectView.as_view(pattern_name="articles:archive", query_string=True, http_method_names=["get", "head"]),
        name="search",
    ),
    path("stichwoerter/", views.KeywordIndexView.as_view(), name="keyword-index"),
    path("stichwort/<slug:slug>/", views.KeywordView.as_view(), name="keyword"),
    path("autoren/<slug:slug>/", views.ContributorView.as_view(), name="contributor"),
    path("feeds/<str:format>/", feeds.ArticleFeed.as_view(), name="feed"),
    path("feeds/autor/<slug:slug>/<str:format>/", feeds.ContributorFeed.as_view(), name="contributor-feed"),
    path("feeds/bereich/<slug:slug>/<str:format>/", feeds.SectionFeed.as_view(), name="section-feed"),
    path("feeds/stichwort/<slug:slug>/<str:format>/", feeds.KeywordFeed.as_view(), name="keyword-feed"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-news.xml", sitemaps.news_sitemap, name="sitemap-news"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap-section"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    path("vorschau/<str:token>/", views.PreviewView.as_view(), name="preview"),
    path("vorschau/<str:token>/druck/", action_views.PreviewPrintView.as_view(), name="preview-print"),
    path("vorschau/<str:token>/pdf/", action_views.PreviewPdfView.as_view(), name="preview-pdf"),
    # Sections take every other top-level slug: keep this after all fixed paths (see TOP_LEVEL_NAMES in models.py).
    path("<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("<slug:section>/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    # Reader actions under the article (articles/action_views.py).
    path("<slug:section>/<slug:slug>/druck/", action_views.ArticlePrintView.as_view(), name="detail-print"),
    path("<slug:section>/<slug:slug>/pdf/", action_views.ArticlePdfView.as_view(), name="detail-pdf"),
    path("<slug:section>/<slug:slug>/mailen/", action_views.ArticleMailView.as_view(), name="detail-mail"),
    path(
        "<slug:section>/<slug:slug>/mailen/gesendet/",
        action_views.ArticleMailSentView.as_view(),
        name="detail-mail-sent",
    ),
]
