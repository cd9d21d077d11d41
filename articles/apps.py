from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Redaktion")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from . import context_processors, revisions, roles, search

        revisions.register()
        post_migrate.connect(roles.create_roles_after_migrate, sender=self)
        post_delete.connect(search.forget_deleted_article, sender="articles.Article")
        for model in ("articles.Section", "pages.Page"):
            post_save.connect(context_processors.forget_navigation, sender=model)
            post_delete.connect(context_processors.forget_navigation, sender=model)
