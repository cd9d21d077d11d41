from django.urls import path

from . import action_views, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("stichwort/<slug:slug>/", views.KeywordView.as_view(), name="keyword"),
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
