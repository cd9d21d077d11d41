from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("stichwort/<slug:slug>/", views.KeywordView.as_view(), name="keyword"),
    path("vorschau/<str:token>/", views.PreviewView.as_view(), name="preview"),
    path("<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("<slug:section>/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
