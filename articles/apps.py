from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Redaktion")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate

        from backups.registry import after_restore
        from core.addresses import reserve
        from images.usage import register_usage
        from pagecache.queries import FREE, PAGE, SLUG
        from pagecache.registry import register

        from . import revisions, roles, search, usage
        from .models import TOP_LEVEL_NAMES, Article

        revisions.register()
        post_migrate.connect(roles.create_roles_after_migrate, sender=self)
        post_delete.connect(search.forget_deleted_article, sender="articles.Article")
        reserve(*TOP_LEVEL_NAMES)
        register(
            watch=[
                "articles.Article",
                "articles.ArticleLink",
                "articles.ArticleRedirect",
                "articles.ArticleType",
                "articles.Byline",
                "articles.Keyword",
                "articles.KeywordedArticle",
                "articles.Section",
            ],
            # Each view with its query parameters in the order its forms and links write them, and their forms: a
            # search text and dates are as many as anyone types, so pages with them are never stored (FREE).
            pages={
                "articles:home": {},
                "articles:section": {"page": PAGE},
                "articles:detail": {},
                "articles:detail-print": {},
                "articles:keyword": {"page": PAGE},
                "articles:keyword-index": {},
                "articles:archive": {
                    "q": FREE,
                    "bereich": SLUG,
                    "art": SLUG,
                    "stichwort": SLUG,
                    "von": FREE,
                    "bis": FREE,
                    "page": PAGE,
                },
                "articles:feed": {},
                "articles:section-feed": {},
                "articles:keyword-feed": {},
                "articles:contributor": {"page": PAGE},
                "articles:contributor-feed": {},
                "articles:sitemap": {},
                "articles:sitemap-news": {},
                "articles:sitemap-section": {"p": PAGE},
                "articles:robots": {},
            },
            next_change=Article.objects.next_scheduled_change,
        )
        register_usage(usage.ArticleImages())
        register_usage(usage.ArticleBodyPictures())
        register_usage(usage.CachedPdfs())
        after_restore(search.rebuild_search_index)
