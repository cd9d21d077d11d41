from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def give_editors_the_newsletter(sender, **kwargs) -> None:
    """The Redaktion builds and sends issues and answers readers' requests (Art. 15/17); authors do not."""
    from django.contrib.auth.models import Group, Permission

    from articles.roles import EDITORS

    editors = Group.objects.filter(name=EDITORS).first()
    if editors is not None:
        editors.permissions.add(*Permission.objects.filter(content_type__app_label="newsletter"))


class NewsletterConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self):
        from django.db.models.signals import post_migrate

        from core.addresses import reserve
        from pagecache.registry import register

        from .models import Issue

        reserve("newsletter")
        post_migrate.connect(give_editors_the_newsletter, sender=self)
        register(
            watch=["newsletter.NewsletterList", "newsletter.Issue", "newsletter.IssueItem"],
            pages={"newsletter:index": {}, "newsletter:issue": {}, "newsletter:subscribe-sent": {}},
            next_change=Issue.objects.next_scheduled_change,
        )
