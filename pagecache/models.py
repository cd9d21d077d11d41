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
