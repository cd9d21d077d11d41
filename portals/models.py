"""Portals: several news sites on one installation (docs/mehrere-portale.md).

A portal has its host names, name, language, logo, colours and footer; sections, static pages and articles
belong to it through their own apps (articles.Section.portal, pages.Page.portal). Which portal a request is for
comes from its host (portals/middleware.py); absolute URLs always come from the portal's configured address,
never from the request's Host header.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.http.request import split_domain_port
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

# Colour schemes of the one stylesheet (static/css/site.css, `[data-theme="…"]` on <body>); each passes WCAG AA.
THEMES = [
    ("blau", _("Blau")),
    ("gruen", _("Grün")),
    ("rot", _("Rot")),
    ("violett", _("Violett")),
]
# Logos are static files (static/portals/<name>.svg): same origin, hashed and cached like the stylesheet, and no
# credit to carry, unlike a picture of the image library.
LOGOS = [
    ("verwaltung-digital.svg", _("Verwaltung digital")),
    ("kommunal-vernetzt.svg", _("Kommunal vernetzt")),
]
DEFAULT_DESCRIPTION = "Nachrichten über die Digitalisierung der öffentlichen Verwaltung"


def normalize_host(value: str) -> str:
    """A host name as Django compares it: lower case, without port and trailing dot."""
    domain, _port = split_domain_port(value.strip())
    return domain


def host_of(url: str) -> str:
    return normalize_host(urlsplit(url).netloc)


def validate_host_name(value: str) -> None:
    domain, port = split_domain_port(value.strip())
    if not domain or port:
        raise ValidationError(
            _("„%(value)s“ ist kein Hostname (z. B. www.beispiel.de, ohne http:// und ohne Port)."),
            params={"value": value[:100]},
        )


def default_portal_id() -> int | None:
    """The field default of what belongs to a portal (sections, static pages, old addresses): the first portal,
    for one-portal installations and code that names none."""
    first = Portal.objects.default()
    return first.pk if first else None


class PortalQuerySet(models.QuerySet):
    def default(self) -> "Portal | None":
        """The first portal: it answers on the environment's ALLOWED_HOSTS and takes SITE_URL and SITE_NAME when
        its own address and name are empty (an installation from before portals needs no change)."""
        return self.order_by("pk").first()


class Portal(models.Model):
    name = models.CharField(
        _("Name"),
        max_length=100,
        blank=True,
        help_text=_("Name des Portals in Kopf, Titel, Feeds und Mails. Beim ersten Portal: leer heißt SITE_NAME."),
    )
    slug = models.SlugField(
        _("Kurzname"), max_length=50, unique=True, help_text=_("Für Befehle, z. B. „import_wordpress --portal“.")
    )
    base_url = models.CharField(
        _("Adresse"),
        max_length=200,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_(
            "Schema, Hostname und gegebenenfalls Port, z. B. https://www.beispiel.de. Jeder absolute Link (Mails, "
            "Feeds, PDFs, Sitemaps) beginnt damit. Beim ersten Portal: leer heißt SITE_URL."
        ),
    )
    aliases = models.TextField(
        _("Weitere Hostnamen"),
        blank=True,
        help_text=_(
            "Einer je Zeile, z. B. beispiel.de für www.beispiel.de. Sie leiten mit 301 auf die Adresse um, "
            "Pfad und Query-String bleiben erhalten."
        ),
    )
    language = models.CharField(_("Sprache"), max_length=10, choices=settings.LANGUAGES, default="de")
    theme = models.CharField(
        _("Farben"),
        max_length=20,
        choices=THEMES,
        default="blau",
        help_text=_("Farbschema aus dem Stylesheet; jedes erfüllt die Kontrastanforderungen der WCAG."),
    )
    logo = models.CharField(_("Logo"), max_length=100, choices=LOGOS, blank=True)
    description = models.CharField(
        _("Kurzbeschreibung"),
        max_length=200,
        default=DEFAULT_DESCRIPTION,
        help_text=_("Beschreibung der Feeds und Unterzeile im Fuß."),
    )
    footer_text = models.TextField(
        _("Text im Fuß"),
        blank=True,
        help_text=_("Optional, z. B. der Herausgeber; leer: Name und Kurzbeschreibung."),
    )

    objects = PortalQuerySet.as_manager()

    class Meta:
        verbose_name = _("Portal")
        verbose_name_plural = _("Portale")
        ordering = ["pk"]

    def __str__(self):
        return self.display_name

    # --- what readers and machines see ---------------------------------------------------------------------

    @property
    def display_name(self) -> str:
        return self.name or settings.SITE_NAME

    @property
    def url(self) -> str:
        """The absolute base of every link that leaves a page (no trailing slash)."""
        return (self.base_url or settings.SITE_URL).rstrip("/")

    @property
    def scheme(self) -> str:
        return urlsplit(self.url).scheme

    @property
    def netloc(self) -> str:
        return urlsplit(self.url).netloc

    @property
    def host(self) -> str:
        return host_of(self.url)

    def alias_hosts(self) -> list[str]:
        return [normalize_host(line) for line in self.aliases.splitlines() if line.strip()]

    def absolute_url(self, path: str) -> str:
        """`path` (from the site root) as an absolute URL of this portal."""
        return f"{self.url}{path}"

    @property
    def footer(self) -> str:
        return self.footer_text or f"{self.display_name} – {self.description}"

    # --- checks --------------------------------------------------------------------------------------------

    def clean(self):
        errors = {}
        first = Portal.objects.default()
        is_first = first is None or first.pk == self.pk
        if not is_first:
            if not self.name.strip():
                errors["name"] = _("Nur das erste Portal darf den Namen aus SITE_NAME nehmen.")
            if not self.base_url.strip():
                errors["base_url"] = _("Nur das erste Portal darf die Adresse aus SITE_URL nehmen.")
        if self.base_url and urlsplit(self.base_url).path.strip("/"):
            errors["base_url"] = _("Die Adresse hat keinen Pfad: nur Schema, Hostname und Port.")
        for line in self.aliases.splitlines():
            if line.strip():
                try:
                    validate_host_name(line)
                except ValidationError as error:
                    errors["aliases"] = error
                    break
        if errors:
            raise ValidationError(errors)
        mine = [self.host, *self.alias_hosts()]
        if len(set(mine)) < len(mine):
            raise ValidationError({"aliases": _("Ein Hostname steht doppelt.")})
        for other in Portal.objects.exclude(pk=self.pk):
            taken = {other.host, *other.alias_hosts()}.intersection(mine)
            if taken:
                raise ValidationError(
                    _("Der Hostname „%(host)s“ gehört schon zum Portal „%(portal)s“.")
                    % {"host": sorted(taken)[0], "portal": other.display_name}
                )


class PortalMembership(models.Model):
    """A person works on a portal in a role; superusers work on every portal without one."""

    class Role(models.TextChoices):
        AUTHOR = "autor", _("Autorin/Autor")
        EDITOR = "redaktion", _("Redaktion")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Person"), on_delete=models.CASCADE, related_name="portal_memberships"
    )
    portal = models.ForeignKey(Portal, verbose_name=_("Portal"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        _("Rolle"),
        max_length=20,
        choices=Role.choices,
        default=Role.AUTHOR,
        help_text=_(
            "Autorinnen und Autoren schreiben eigene Beiträge; die Redaktion veröffentlicht und entscheidet über "
            "das Teilen mit anderen Portalen. Was jemand überhaupt darf, geben zusätzlich die Gruppen."
        ),
    )

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["portal", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "portal"], name="portal_membership_unique")]

    def __str__(self):
        return f"{self.user} – {self.portal} ({self.get_role_display()})"


def first_portal_fields() -> dict:
    """The first portal of an installation: its name and address stay empty, so SITE_NAME and SITE_URL keep
    applying (one-portal installations change nothing); the environment's ALLOWED_HOSTS keep answering as it."""
    return {"slug": slugify(settings.SITE_NAME)[:50] or "portal"}


def ensure_first_portal(sender, using="default", **kwargs) -> None:
    """post_migrate: an installation always has a portal (also after tests flush every table)."""
    if not Portal.objects.using(using).exists():
        Portal.objects.using(using).create(**first_portal_fields())
