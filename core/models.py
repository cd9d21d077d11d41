from django.db import models
from django.utils.translation import gettext_lazy as _


class LimitCounter(models.Model):
    """One fixed window of one rate limit (core.limits): how often it was counted, and when the window ends.

    Security state lives here, in the database, never in a cache: cache pressure (a flood of pages on a Redis with
    `maxmemory`, a full per-process cache) must not be able to erase a limit (docs/sicherheit.md)."""

    name = models.CharField(_("Name"), max_length=120, primary_key=True)
    count = models.PositiveIntegerField(_("Anzahl"), default=0)
    expires = models.BigIntegerField(_("gilt bis (Unix-Zeit)"), db_index=True)

    class Meta:
        verbose_name = _("Zähler einer Grenze")
        verbose_name_plural = _("Zähler von Grenzen")

    def __str__(self):
        return self.name
