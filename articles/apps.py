from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Redaktion")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate

        from . import revisions, roles, search

        revisions.register()
        post_migrate.connect(roles.create_roles_after_migrate, sender=self)
        post_delete.connect(search.forget_deleted_article, sender="articles.Article")
