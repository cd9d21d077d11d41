from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = ["http", "https"]


class ContributorQuerySet(models.QuerySet):
    def active(self):
        """Contributors with a public profile page; those who left keep only their name in bylines."""
        return self.filter(is_active=True)


class Contributor(models.Model):
    """A person or an organisation named in bylines, with a profile page while active."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    name = models.CharField(
        _("Name"), max_length=150, help_text=_("So erscheint er in Autorenzeilen, z. B. „Anna Beispiel“.")
    )
    slug = models.SlugField(
        _("Kurzname in der Adresse"),
        max_length=150,
        unique=True,
        help_text=_("Bildet die Adresse der Profilseite, z. B. „anna-beispiel“ für /autoren/anna-beispiel/."),
    )
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices, default=Kind.PERSON)
    role = models.CharField(
        _("Rolle"), max_length=80, blank=True, help_text=_("Kurz, z. B. „Redakteurin“, „Gastautor“, „Pressestelle“.")
    )
    bio = models.TextField(
        _("Kurzbiografie"), max_length=1000, blank=True, help_text=_("Zwei, drei Sätze, ohne Formatierung.")
    )
    portrait = models.ForeignKey(
        "images.Image",
        verbose_name=_("Porträt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="portrayed",
        help_text=_("Bild aus der Bildbibliothek; seine Bildquelle erscheint darunter."),
    )
    links = models.TextField(
        _("Links"),
        blank=True,
        help_text=_(
            "Eine Adresse je Zeile (eigene Website, Profil bei einem Netzwerk); erscheinen auf der Profilseite."
        ),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzerkonto"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributor",
        help_text=_("Optional: das Redaktionskonto dieser Person."),
    )
    is_active = models.BooleanField(
        _("aktiv"),
        default=True,
        help_text=_("Ausgeschiedene haben keine Profilseite mehr; ihr Name bleibt in den Autorenzeilen stehen."),
    )
    left_at = models.DateTimeField(_("ausgeschieden am"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = ContributorQuerySet.as_manager()

    class Meta:
        verbose_name = _("Autorin/Autor")
        verbose_name_plural = _("Autorinnen und Autoren")
        ordering = ["name", "pk"]
        permissions = [("retire_contributor", _("Kann Autorinnen und Autoren ausscheiden lassen (Daten löschen)"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:contributor", kwargs={"slug": self.slug})

    @property
    def same_as(self) -> list[str]:
        """The links as a list, in the order typed (schema.org sameAs)."""
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    def clean(self):
        from django.core.exceptions import ValidationError

        check = URLValidator(schemes=WEB_SCHEMES)
        for line in self.same_as:
            try:
                check(line)
            except ValidationError as error:
                raise ValidationError(
                    {"links": _("„%(link)s“ ist keine vollständige Adresse mit https://.") % {"link": line[:80]}}
                ) from error
