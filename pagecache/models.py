from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentGeneration(models.Model):
    """One row: a counter raised by every write that can change a public page (see pagecache.changes).

    Cached pages are stored under the counter's value, so a raised counter makes all of them unreachable at once,
    in every worker and on every machine, and a rolled-back write raises nothing. Every raise also draws a new
    random `stamp`, and pages are stored under both: a database copy put back, a restore, another database or a
    failover brings back a number the caches have seen, but the next write draws a stamp they have not, so no
    page of before can be served (docs/seiten-cache.md)."""

    number = models.BigIntegerField(_("Stand"), default=0)
    stamp = models.BigIntegerField(_("Zufallskennung"), default=0)

    class Meta:
        verbose_name = _("Inhaltsstand")
        verbose_name_plural = _("Inhaltsstände")

    def __str__(self):
        return str(self.number)


class ScopeGeneration(models.Model):
    """A counter and stamp per scope (an app's part of the site, such as one portal: the scopes are plain numbers
    here). Writes that an app attributes to scopes (`pagecache.changes.scoped`) raise these instead of the global
    one, so that pages of other scopes stay cached; a page is stored under both (see pagecache.changes)."""

    scope = models.BigIntegerField(_("Bereich"), primary_key=True)
    number = models.BigIntegerField(_("Stand"), default=0)
    stamp = models.BigIntegerField(_("Zufallskennung"), default=0)

    class Meta:
        verbose_name = _("Inhaltsstand eines Teils")
        verbose_name_plural = _("Inhaltsstände der Teile")

    def __str__(self):
        return f"{self.scope}: {self.number}"
