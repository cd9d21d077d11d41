import logging
import re
from datetime import datetime, timedelta
from html import unescape

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connections, models, router
from django.db.models import Case, Count, F, Prefetch, Q, Subquery, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager, _TaggableManager
from taggit.models import TagBase, TaggedItemBase
from taggit.utils import require_instance_manager

from core import addresses
from core.media import storage_errors
from core.richtext import rich_text_field, sanitize_body, with_languages
from images.models import Image
from images.rights import body_for_readers as body_without_gone_pictures
from images.rights import body_picture_ids, rights_problems
from pagecache.changes import scoped
from people.models import Contributor
from portals import access
from portals import directory as portal_directory
from portals.models import Portal, default_portal_id

from .search import refresh_search_index

# What the search index holds of an article (the date orders it on SQLite).
SEARCHED_FIELDS = {"kicker", "headline", "lead", "body", "published_at"}

logger = logging.getLogger(__name__)

# Days an article stays in the Google News sitemap (sitemaps.py); leaving it is a scheduled change.
NEWS_DAYS = 2

# Fixed top-level addresses of this app (urls.py), which sections must not take (core.addresses).
TOP_LEVEL_NAMES = (
    "stichwort",
    "stichwoerter",
    "autoren",
    "archiv",
    "suche",
    "feeds",
    "rss",
    "sitemap.xml",
    "robots.txt",
    "vorschau",
)


def german_slugify(text: str) -> str:
    """ASCII slug that spells umlauts the German way (Übersicht -> uebersicht)."""
    for umlaut, ascii_form in (
        ("ä", "ae"),
        ("ö", "oe"),
        ("ü", "ue"),
        ("Ä", "Ae"),
        ("Ö", "Oe"),
        ("Ü", "Ue"),
        ("ß", "ss"),
    ):
        text = text.replace(umlaut, ascii_form)
    return slugify(text)


def german_sort_key(text: str) -> str:
    """Sort key as in a German dictionary (DIN 5007-1): Ä with A, Ö with O, Ü with U, ß as ss."""
    folded = text.casefold()
    for umlaut, plain in (("ä", "a"), ("ö", "o"), ("ü", "u"), ("ß", "ss")):
        folded = folded.replace(umlaut, plain)
    return folded


def index_letter(text: str) -> str:
    """The letter an A–Z index files `text` under; "#" for anything not starting with a letter."""
    first = german_sort_key(text)[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def validate_not_reserved(value):
    # Named by migration 0001; the rule is core.addresses'.
    addresses.validate_not_reserved(value)


class Section(models.Model):
    """A Bereich of a portal (Politik, Praxis, …); articles belong to exactly one, and through it to their home
    portal."""

    portal = models.ForeignKey(
        Portal,
        verbose_name=_("Portal"),
        on_delete=models.PROTECT,
        related_name="sections",
        default=default_portal_id,
        help_text=_("Das Portal, zu dem der Bereich gehört; seine Beiträge haben dort ihre Adresse."),
    )
    name = models.CharField(_("Name"), max_length=100, help_text=_("z. B. „Politik“."))
    slug = models.SlugField(
        _("Kurzname in der Adresse"),
        max_length=100,
        validators=[validate_not_reserved],
        help_text=_("Teil der Adresse, z. B. „politik“ für /politik/; je Portal nur einmal."),
    )
    description = models.TextField(
        _("Beschreibung"), blank=True, help_text=_("Kurzer Text über den Bereich, erscheint auf seiner Seite.")
    )
    position = models.PositiveIntegerField(
        _("Position"), default=0, help_text=_("Reihenfolge in Navigation und auf der Startseite (klein zuerst).")
    )

    class Meta:
        verbose_name = _("Bereich")
        verbose_name_plural = _("Bereiche")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["portal", "slug"], name="section_slug_unique_per_portal"),
            models.UniqueConstraint(fields=["portal", "name"], name="section_name_unique_per_portal"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class ArticleType(models.Model):
    """Beitragsart: Meldung, Bericht, Interview, Kommentar."""

    name = models.CharField(_("Name"), max_length=100, unique=True, help_text=_("z. B. „Bericht“."))
    slug = models.SlugField(_("Kurzname"), max_length=50, unique=True)
    shows_badge = models.BooleanField(
        _("Kennzeichnung anzeigen"),
        default=True,
        help_text=_("Zeigt die Beitragsart als Etikett an Anrisstexten (Meldungen tragen keins)."),
    )
    position = models.PositiveIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Beitragsart")
        verbose_name_plural = _("Beitragsarten")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


def keyword_slug(name: str) -> str:
    # Leaves room for taggit's "-<n>" suffix within the 100-character slug column.
    return german_slugify(name)[:90].strip("-") or "stichwort"


class KeywordQuerySet(models.QuerySet):
    def with_article_counts(self, portal: Portal):
        """Keywords of the articles the portal shows, each with `article_count`: how many of them carry it."""
        shown = Article.objects.published().shown_on(portal)
        return self.annotate(
            article_count=Count("keyword_items", filter=Q(keyword_items__content_object__in=shown))
        ).filter(article_count__gt=0)

    def suggested_for(self, typed: str, limit: int = 10) -> list["Keyword"]:
        """Existing keywords for what an editor is typing: those starting with it first, then those containing
        it, the most used first in each. Umlauts match either way ("oeff" and "öff" both find "Öffentliche
        Verwaltung"), through the slug, also on SQLite, whose case-insensitive match knows only ASCII."""
        slug = german_slugify(typed)
        starts = Q(name__istartswith=typed) | (Q(slug__startswith=slug) if slug else Q(pk__in=[]))
        contains = Q(name__icontains=typed) | (Q(slug__contains=slug) if slug else Q(pk__in=[]))
        # Counted through a join: for a few keywords that costs their rows (the keyword index, which counts all
        # keywords at once, is cheaper with one subquery of the published articles; at 20,000 articles 65 ms
        # against 148 ms per keystroke here, 480 ms against 230 ms there).
        published = published_condition(timezone.now(), through="keyword_items__content_object__")
        ranked = self.filter(contains).annotate(article_count=Count("keyword_items", filter=published))
        found = list(ranked.filter(starts).order_by("-article_count", "name")[:limit])
        if len(found) < limit:
            others = ranked.exclude(pk__in=[keyword.pk for keyword in found])
            found += others.order_by("-article_count", "name")[: limit - len(found)]
        return found

    def get_by_natural_key(self, name):
        # TagBase gives keywords a natural key (the name); fixtures and backups refer to keywords by it.
        return self.get(name=name)


class Keyword(TagBase):
    """A Stichwort; each has a page listing its articles."""

    objects = KeywordQuerySet.as_manager()

    class Meta:
        verbose_name = _("Stichwort")
        verbose_name_plural = _("Stichwörter")
        ordering = ["name"]

    def slugify(self, tag, i=None):
        slug = keyword_slug(tag)
        return f"{slug}-{i}" if i is not None else slug

    def get_absolute_url(self):
        return reverse("articles:keyword", kwargs={"slug": self.slug})

    def related_keywords(self, portal: Portal, limit: int = 10) -> list["Keyword"]:
        """Keywords that share the most articles the portal shows with this one."""
        shared_articles = Article.objects.published().shown_on(portal).filter(keyword_items__tag=self)
        return list(
            Keyword.objects.filter(keyword_items__content_object__in=shared_articles)
            .exclude(pk=self.pk)
            .annotate(shared=Count("keyword_items"))
            .order_by("-shared", "name")[:limit]
        )


class KeywordedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="keyword_items")
    # Indexed together with the article (below) instead of alone: the articles of a keyword then come from
    # the index without reading a row.
    tag = models.ForeignKey(Keyword, on_delete=models.CASCADE, related_name="keyword_items", db_index=False)
    # Copies of the article's publication time and home portal (its section's), kept by database triggers on every
    # write path (articles/keyword_rows.py): a keyword page of a portal reads its newest articles from the index
    # (keyword, portal, date) below, however large the archive.
    published_at = models.DateTimeField(_("Veröffentlichungszeitpunkt"), null=True, editable=False)
    portal = models.ForeignKey(
        Portal, verbose_name=_("Portal"), on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    # The keyword's place in the article's list as the editor gave it (0 first); KeywordManager.set() keeps it.
    position = models.PositiveIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Stichwort-Zuordnung")
        verbose_name_plural = _("Stichwort-Zuordnungen")
        ordering = ["position", "pk"]
        unique_together = [("content_object", "tag")]
        indexes = [
            models.Index(fields=["tag", "content_object"], name="keyworded_tag_article_idx"),
            models.Index(
                fields=["tag", "portal", "-published_at", "-content_object"], name="keyworded_tag_portal_date_idx"
            ),
        ]


# `article.keywords.all()`, prefetched keywords (lists, feeds) and the admin form: in the editor's order.
KEYWORD_ORDER = ["keyword_items__position", "keyword_items__pk"]


class KeywordManager(_TaggableManager):
    """An article's keywords in the order the editor gave them (KeywordedArticle.position), on every database.

    Typed keywords are matched to existing ones by slug, so "öffentliche verwaltung" finds
    "Öffentliche Verwaltung" on every database (SQLite's iexact ignores case for ASCII only)."""

    @require_instance_manager
    def set(self, tags, *, through_defaults=None, **kwargs):
        """Exactly `tags`, in this order: taggit's set() only adds and removes, and new rows would come last.

        Rows are saved one by one (an article has a handful), so that the revision being recorded
        (django-reversion follows `keyword_items`) holds each row as it is now, its position included."""
        keywords = self._to_tag_model_instances(tags, kwargs.pop("tag_kwargs", {}))
        db = router.db_for_write(self.through, instance=self.instance)
        rows = self.through._default_manager.using(db).filter(**self._lookup_kwargs())
        existing = {row.tag_id: row for row in rows}
        wanted = {keyword.pk for keyword in keywords}
        self._remove_prefetched_objects()
        if gone := [pk for pk in existing if pk not in wanted]:
            rows.filter(tag_id__in=gone).delete()
        for position, keyword in enumerate(keywords):
            row = existing.get(keyword.pk)
            if row is None:
                row = self.through(tag=keyword, position=position, **(through_defaults or {}), **self._lookup_kwargs())
                row.save(using=db)
            elif row.position != position:
                row.position = position
                row.save(using=db, update_fields=["position"])

    @require_instance_manager
    def add(self, *tags, through_defaults=None, tag_kwargs=None, **kwargs):
        """`tags` after the article's keywords."""
        self.set([*self.get_queryset(), *tags], through_defaults=through_defaults, tag_kwargs=tag_kwargs or {})

    def _to_tag_model_instances(self, tags, tag_kwargs):
        names = [tag for tag in tags if isinstance(tag, str)]
        existing = {k.slug: k for k in Keyword.objects.filter(slug__in=[keyword_slug(n) for n in names])}
        tags = [existing.get(keyword_slug(tag), tag) if isinstance(tag, str) else tag for tag in tags]
        return super()._to_tag_model_instances(tags, tag_kwargs)


def is_editor_on(user, portal_id: int | None) -> bool:
    """Redaktion on this portal: the role there (portals.access), and the group's right to publish at all."""
    return access.role_on(user, portal_id) == access.EDITOR and user.has_perm("articles.publish_article")


# What a teaser shows of an article besides its own columns.
TEASER_RELATIONS = ("section", "article_type", "lead_image")


def published_condition(now: datetime, through: str = "") -> Q:
    """The condition of ArticleQuerySet.published(), also for queries that reach articles through a relation:
    `through` is the path to the article, e.g. "keyword_items__content_object__" (a join instead of a subquery)."""
    return Q(**{f"{through}status": Article.Status.PUBLISHED, f"{through}published_at__lte": now}) & (
        Q(**{f"{through}unpublish_at__isnull": True}) | Q(**{f"{through}unpublish_at__gt": now})
    )


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one definition of what readers may see: published, its time has come, its end time not yet."""
        return self.filter(published_condition(timezone.now()))

    def shown_on(self, portal: Portal):
        """The portal dimension of what readers see: the articles of the portal's sections (its own, whose home it
        is) and those shared with it, per article or by a rule (articles/placement.py). Every public list, feed,
        sitemap, search and related box of a portal narrows `published()` with this or one of the two below."""
        from .placement import placement_of

        placement = placement_of(portal)
        return self.filter(placement.shown_condition())

    def home_on(self, portal: Portal):
        """The articles whose home (and canonical address) is the portal: what its sitemaps list."""
        return self.filter(section__portal_id=portal.pk)

    def in_section_on(self, portal: Portal, section: "Section"):
        """The articles a section page of the portal lists: its own and those shared into it."""
        from .placement import placement_of

        return self.filter(placement_of(portal).section_condition(section.pk))

    def on_keyword_page(self, portal: Portal, keyword: "Keyword"):
        """The articles a keyword page of the portal lists, newest first, read from the index (keyword, portal,
        date) of the keyword rows: the portal's own articles, and those shared with it when it receives any."""
        from .placement import placement_of

        placement = placement_of(portal)
        shown = Q(keyword_items__portal_id=portal.pk)
        if placement.receives_shares:
            shown |= placement.shared_condition()
        # One filter() call, so that every condition and the ordering use the same keyword row.
        rows = Q(keyword_items__tag=keyword, keyword_items__published_at__lte=timezone.now()) & shown
        return self.filter(rows).order_by("-keyword_items__published_at", "-keyword_items__content_object_id")

    def with_bylines(self):
        """Each article's bylines with their contributors: one query for all articles, however many are named."""
        return self.prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("contributor")))

    def by_contributor(self, contributor):
        return self.filter(pk__in=Byline.objects.filter(contributor=contributor).values("article_id"))

    def with_all_keywords(self, keywords):
        """The articles carrying every one of `keywords`.

        One pass over the (keyword, article) index, counted per article, rather than one join per keyword:
        with joins the database fetched every article of the first keyword before checking the second."""
        ids = {keyword.pk for keyword in keywords}
        carrying_all = (
            KeywordedArticle.objects.filter(tag__in=ids)
            .values("content_object")
            .annotate(found=Count("tag"))
            .filter(found=len(ids))
            .values("content_object")
        )
        return self.filter(pk__in=carrying_all)

    def teaser_rows(self):
        """Everything a teaser shows but its pictures, in one query, newest first. Pages that show the pictures
        fetch the renditions of all of them in one more query (images.models.prefetch_renditions)."""
        # The body (often the longest column by far) and the search vector are never shown in a teaser.
        return self.select_related(*TEASER_RELATIONS).defer("body", "search_vector").order_by("-published_at", "-pk")

    def for_teasers(self):
        """Whole articles with what their teasers show and every rendition of their images, newest first: for
        feeds and sitemaps (the lead image in any size) and the archive (snippets of the body)."""
        return (
            self.select_related(*TEASER_RELATIONS)
            .prefetch_related("lead_image__renditions")
            .order_by("-published_at", "-pk")
        )

    def latest_per_section(self, per_section: int, portal: Portal, section_ids):
        """The newest `per_section` articles of each of the portal's sections `section_ids` (shared ones
        included), in one query; each with `shown_section_id`, the section it is listed under.

        PostgreSQL reads each section's newest from the (section, status, date) index, one LIMIT per section: a
        window over all rows ranked the whole archive (0.8 s at 100,000 articles). SQLite cannot limit the parts
        of a UNION, and ranks with the window."""
        from .placement import placement_of

        placement = placement_of(portal)
        shown_section = placement.shown_section(section_ids)
        if not connections[self.db].features.supports_slicing_ordering_in_compound:
            ranked = self.filter(placement.shown_condition()).annotate(
                shown_section_id=shown_section,
                section_rank=Window(
                    RowNumber(), partition_by=shown_section, order_by=[F("published_at").desc(), F("pk").desc()]
                ),
            )
            return ranked.filter(section_rank__lte=per_section, shown_section_id__in=section_ids).teaser_rows()
        newest = [
            self.filter(placement.section_condition(pk)).order_by("-published_at", "-pk").values("pk")[:per_section]
            for pk in section_ids
        ]
        if not newest:
            return self.none()
        return (
            self.filter(pk__in=newest[0].union(*newest[1:], all=True))
            .annotate(shown_section_id=shown_section)
            .teaser_rows()
        )

    def next_scheduled_change(self, now: datetime) -> datetime | None:
        """The next moment still ahead at which published articles change by themselves: a publication or end
        time, or an article leaving the news sitemap's window. One query of three subqueries that each read the
        first entry of a date range from an index; an aggregate over all published articles read every one.
        Registered with the page cache (apps.py)."""
        window = timedelta(days=NEWS_DAYS)
        published = self.filter(status=Article.Status.PUBLISHED)

        def first(field: str, **conditions) -> Subquery:
            return Subquery(published.filter(**conditions).order_by(field).values(field)[:1])

        # Any one article row carries the three (none: nothing is scheduled).
        found = (
            self.order_by()
            .values(
                starts=first("published_at", published_at__gt=now),
                ends=first("unpublish_at", unpublish_at__gt=now),
                in_news_since=first("published_at", published_at__gte=now - window, published_at__lte=now),
            )
            .first()
        ) or {"starts": None, "ends": None, "in_news_since": None}
        # The news sitemap keeps an article for two days inclusive: it is gone a microsecond later.
        leaves_news = found["in_news_since"] and found["in_news_since"] + window + timedelta(microseconds=1)
        moments = [found["starts"], found["ends"], leaves_news]
        return min((moment for moment in moments if moment is not None), default=None)

    # Bodies are sanitised on every write path, not only in form cleaning; the search index follows the text and
    # the publication date on every path but bulk_create, whose callers refresh it (see seed_demo).
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)  # a generator would be used up here, before Django's own bulk_create sees it
        for obj in objs:
            obj.body = sanitize_body(obj.body)
        created = super().bulk_create(objs, *args, **kwargs)
        with_pictures = {obj.pk: obj.body for obj in objs if obj.pk is not None and "<img" in obj.body}
        if with_pictures:
            remember_body_images(with_pictures, new=True)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if "body" in fields:
            for obj in objs:
                obj.body = sanitize_body(obj.body)
        count = super().bulk_update(objs, fields, *args, **kwargs)
        if SEARCHED_FIELDS.intersection(fields):
            refresh_search_index(obj.pk for obj in objs)
        if "body" in fields:
            remember_body_images({obj.pk: obj.body for obj in objs})
        return count

    def update(self, **kwargs):
        if "body" in kwargs and isinstance(kwargs["body"], str):
            kwargs["body"] = sanitize_body(kwargs["body"])
        changed = list(self.values_list("pk", flat=True)) if SEARCHED_FIELDS.intersection(kwargs) else []
        count = super().update(**kwargs)
        refresh_search_index(changed)
        if "body" in kwargs:
            remember_body_images(dict(Article.objects.filter(pk__in=changed).values_list("pk", "body")))
        return count


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        REVIEW = "review", _("Zur Prüfung")
        PUBLISHED = "published", _("Veröffentlicht")
        WITHDRAWN = "withdrawn", _("Zurückgezogen")

    kicker = models.CharField(
        _("Dachzeile"),
        max_length=120,
        blank=True,
        help_text=_("Ort oder Thema vor der Überschrift, z. B. „Sachsen-Anhalt“ (ohne Doppelpunkt)."),
    )
    headline = models.CharField(_("Überschrift"), max_length=200, help_text=_("Die Schlagzeile des Beitrags."))
    slug = models.SlugField(
        _("Kurzname in der Adresse"),
        max_length=200,
        unique=True,
        help_text=_("Wird aus der Überschrift vorgeschlagen; bildet die Adresse des Beitrags."),
    )
    lead = models.TextField(
        _("Vorspann"),
        help_text=_("Ein bis drei Sätze, die das Wichtigste sagen; erscheint nach dem Datum und in Anrisstexten."),
    )
    body = rich_text_field(_("Der Haupttext. Formatierungen und Links werden beim Speichern bereinigt."))
    author_shorthand = models.CharField(
        _("Autorenkürzel"),
        max_length=20,
        blank=True,
        help_text=_("Kürzel am Textende, z. B. „bw“ (ohne Klammern)."),
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("Bereich"),
        on_delete=models.PROTECT,
        related_name="articles",
        help_text=_("Der Bereich, in dem der Beitrag erscheint."),
    )
    article_type = models.ForeignKey(
        ArticleType,
        verbose_name=_("Beitragsart"),
        on_delete=models.PROTECT,
        related_name="articles",
        help_text=_("Meldung, Bericht, Interview, …"),
    )
    keywords = TaggableManager(
        verbose_name=_("Stichwörter"),
        through=KeywordedArticle,
        manager=KeywordManager,
        ordering=KEYWORD_ORDER,
        blank=True,
        help_text=_(
            "Stichwörter mit Komma oder Eingabetaste trennen; sie erscheinen in dieser Reihenfolge, und jedes "
            "bekommt eine eigene Seite."
        ),
    )
    lead_image = models.ForeignKey(
        "images.Image",
        verbose_name=_("Aufmacherbild"),
        # The image admin refuses to delete images that published articles show; drafts just lose theirs.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        help_text=_("Bild aus der Bildbibliothek; Alternativtext und Bildquelle kommen von dort."),
    )
    lead_image_caption = models.CharField(
        _("Bildunterschrift in diesem Beitrag"),
        max_length=300,
        blank=True,
        help_text=_("Leer lassen, um die Bildunterschrift aus der Bildbibliothek zu verwenden."),
    )
    related = models.ManyToManyField(
        "self",
        verbose_name=_("Verwandte Beiträge"),
        symmetrical=False,
        blank=True,
        related_name="+",
        help_text=_("Erscheinen zuerst im Kasten „Weitere Meldungen und Beiträge“."),
    )
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Nur veröffentlichte Beiträge sind für Leserinnen und Leser sichtbar."),
    )
    published_at = models.DateTimeField(
        _("Veröffentlichungszeitpunkt"),
        default=timezone.now,
        help_text=_("Erscheint als Datum in eckigen Klammern; ein Zeitpunkt in der Zukunft wird erst dann sichtbar."),
    )
    unpublish_at = models.DateTimeField(
        _("Sichtbar bis"),
        null=True,
        blank=True,
        help_text=_("Optional: ab diesem Zeitpunkt ist der Beitrag nicht mehr öffentlich sichtbar."),
    )
    correction_note = models.CharField(
        _("Hinweis zur Aktualisierung"),
        max_length=300,
        blank=True,
        help_text=_("Erscheint unter dem Datum als „Aktualisiert am …: <Hinweis>“, wenn die Änderung wesentlich ist."),
    )
    corrected_at = models.DateTimeField(_("wesentlich aktualisiert am"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Autorin/Autor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zuletzt geändert von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Counts saves, so the admin can tell that someone else saved after an editor opened the form.
    version = models.PositiveIntegerField(_("Bearbeitungsstand"), default=0, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt geändert am"), auto_now=True)
    # PostgreSQL's stored search vector (RUM index in migration 0008); SQLite keeps its FTS5 table instead.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("Beitrag")
        verbose_name_plural = _("Beiträge")
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        permissions = [("publish_article", _("Kann Beiträge veröffentlichen und zurückziehen"))]
        # Both end in unpublish_at, so that published() is answered from the index alone: counting a page of
        # results then reads no article rows.
        indexes = [
            models.Index(fields=["status", "-published_at", "unpublish_at"], name="article_status_published_idx"),
            models.Index(
                fields=["section", "status", "-published_at", "unpublish_at"], name="article_section_published_idx"
            ),
            # The next end time ahead (pagecache.changes.next_scheduled_change) in one index entry; few articles
            # have one, hence partial.
            models.Index(
                fields=["status", "unpublish_at"],
                condition=Q(unpublish_at__isnull=False),
                name="article_status_unpublish_idx",
            ),
        ]

    def __str__(self):
        return f"{self.kicker}: {self.headline}" if self.kicker else self.headline

    def save(self, *args, **kwargs):
        from .placement import affected_portals

        self.body = sanitize_body(self.body)
        if not self.slug:
            self.slug = self.unique_slug()
        self.version += 1
        adding = self._state.adding
        # The page cache throws away the pages of the portals that show the article before or after (none for a
        # draft that stays one), not those of every portal (pagecache.changes.scoped).
        with scoped(affected_portals(self)):
            super().save(*args, **kwargs)
            refresh_search_index([self.pk])
            if not adding or "<img" in self.body:
                remember_body_images({self.pk: self.body}, new=adding)

    def get_absolute_url(self):
        """The article's path on its home portal (for a link from another portal: `url_on`)."""
        return reverse("articles:detail", kwargs={"section": self.section.slug, "slug": self.slug})

    def delete(self, *args, **kwargs):
        from .placement import portals_showing

        # With its keyword rows, links, shares and redirects: all of it on the portals that show it.
        with scoped(portals_showing(self)):
            return super().delete(*args, **kwargs)

    @property
    def home_portal_id(self) -> int | None:
        return self.section.portal_id if self.section_id is not None else None

    @property
    def home_portal(self) -> Portal:
        """The portal of its section, where its one address is (from the host table: no query in a request)."""
        return portal_directory.portal(self.home_portal_id)

    def canonical_url(self) -> str:
        """The absolute address on the home portal: rel=canonical, JSON-LD, feeds, sitemaps, mails, PDFs."""
        return self.home_portal.absolute_url(self.get_absolute_url())

    def url_on(self, portal: Portal | None) -> str:
        """The link to the article from a page of `portal`: a path at home, the absolute home address elsewhere."""
        if portal is not None and portal.pk == self.home_portal_id:
            return self.get_absolute_url()
        return self.canonical_url()

    def unique_slug(self) -> str:
        base = german_slugify(self.headline)[:180] or "beitrag"
        slug, n = base, 2
        while Article.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def clean(self):
        if self.unpublish_at and self.published_at and self.unpublish_at <= self.published_at:
            raise ValidationError(
                {"unpublish_at": _("Das Ende der Sichtbarkeit muss nach dem Veröffentlichungszeitpunkt liegen.")}
            )

    def is_published(self) -> bool:
        """The same rule as ArticleQuerySet.published(), for one article already in memory."""
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at <= now
            and (self.unpublish_at is None or self.unpublish_at > now)
        )

    def is_scheduled(self) -> bool:
        """Published, but its publication time is still ahead ("geplant")."""
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    def is_expired(self) -> bool:
        """Published, but its end time has passed."""
        return (
            self.status == self.Status.PUBLISHED
            and self.unpublish_at is not None
            and self.unpublish_at <= timezone.now()
        )

    def publish_problems(self) -> list[str]:
        """Everything that keeps this article from being published, one German sentence each."""
        problems = self._field_problems() + self.picture_rights_problems()
        return [str(problem) for problem in problems]

    def picture_rights_problems(self, outputs: list[str] | None = None, shown_from=None) -> list[str]:
        """Pictures whose licence is missing (where required), ended, not yet valid at the publication time, or does
        not cover an output the article appears in (images/rights.py; default: every output it appears in); each
        sentence names the picture."""
        # The body's pictures by the image ids in their addresses: also those whose files are gone already.
        in_body = body_picture_ids(self.body)
        shown = {image.pk: image for image in Image.objects.filter(pk__in=in_body)} if in_body else {}
        pictures = ([self.lead_image] if self.lead_image_id else []) + [shown[pk] for pk in in_body if pk in shown]
        if not pictures:
            return []
        if outputs is None:
            outputs = [output for provider in ARTICLE_OUTPUTS for output in provider(self)]
        return rights_problems(
            pictures, outputs=list(dict.fromkeys(outputs)), shown_from=shown_from or self.published_at
        )

    def _field_problems(self) -> list:
        problems = []
        if not self.headline.strip():
            problems.append(_("Die Überschrift fehlt."))
        if not self.lead.strip():
            problems.append(_("Der Vorspann fehlt."))
        if self.section_id is None:
            problems.append(_("Der Bereich fehlt."))
        if self.article_type_id is None:
            problems.append(_("Die Beitragsart fehlt."))
        if self.lead_image_id is not None:
            if not self.lead_image.alt_text.strip():
                problems.append(_("Das Aufmacherbild hat keinen Alternativtext."))
            if not self.lead_image.credit.strip():
                problems.append(_("Das Aufmacherbild hat keine Bildquelle."))
        return problems

    def can_be_edited_by(self, user) -> bool:
        """On the article's home portal, its Redaktion edits everything; its authors only their own articles while
        they are not published. Nobody edits articles of portals they do not work on."""
        if not user.has_perm("articles.change_article") or not access.works_on(user, self.home_portal_id):
            return False
        if is_editor_on(user, self.home_portal_id):
            return True
        return self.created_by_id == user.pk and self.status != self.Status.PUBLISHED

    @property
    def image_caption(self) -> str:
        """The caption shown under the lead image: the article's own, else the library's."""
        if self.shown_lead_image is None:
            return ""
        return self.lead_image_caption or self.lead_image.caption

    @property
    def shown_lead_image(self):
        """The lead image as every output shows it: None without one, and None once its licence has ended (then
        `lead_image_gone` is true and the article page shows "Bild nicht mehr verfügbar")."""
        image = self.lead_image
        return None if image is None or image.is_gone() else image

    @property
    def lead_image_gone(self) -> bool:
        return self.lead_image is not None and self.lead_image.is_gone()

    def lead_rendition(self, width: int = 1280):
        """The JPEG rendition that print, PDF, feeds and structured data show of the lead image, or None.

        Never the uploaded original, which may still carry private EXIF data (GPS). A lost image file costs the
        picture, not the page."""
        if self.shown_lead_image is None:
            return None
        try:
            return self.lead_image.rendition(width=width, fmt="jpeg")
        except (*storage_errors(), ValueError) as error:
            logger.warning("Bildvariante für Bild %s fehlt: %r", self.lead_image_id, error)
            return None

    def body_for_readers(self) -> SafeString:
        """The body with its language marks, pictures of ended licences replaced by the note (images/rights.py)."""
        return with_languages(body_without_gone_pictures(self.body))

    # --- bylines ---------------------------------------------------------------------------------------

    def credited(self) -> list[tuple[str, list["Byline"]]]:
        """The bylines grouped by role, roles in the order of their first byline: [("Text", [A, B]), ("Foto", [C])].
        Reads `bylines.all()` (prefetched with their contributors by every view that shows them)."""
        groups: dict[str, list[Byline]] = {}
        for byline in self.bylines.all():
            groups.setdefault(byline.get_role_display(), []).append(byline)
        return list(groups.items())

    def author_names(self) -> list[str]:
        """Everyone in the byline, in its order, once each; the shorthand when nobody is named."""
        names = list(dict.fromkeys(byline.contributor.name for byline in self.bylines.all()))
        if names:
            return names
        return [self.author_shorthand] if self.author_shorthand else []

    def writers(self) -> list:
        """The contributors who wrote the article (not those credited for photos only): its `author` for machines."""
        return list(
            dict.fromkeys(byline.contributor for byline in self.bylines.all() if byline.role != Byline.Role.PHOTO)
        )

    def body_images(self) -> list:
        """The library images whose renditions the body shows, in the order they appear (one query, none without)."""
        names = rendition_names(self.body)
        if not names:
            return []
        shown = Image.objects.filter(renditions__file__in=names).annotate(rendition_name=F("renditions__file"))
        by_name = {image.rendition_name: image for image in shown}
        return list(dict.fromkeys(by_name[name] for name in names if name in by_name))

    def image_credits(self) -> list[str]:
        """Credits of every image shown with the article (lead image, then pictures in the body), without
        duplicates, for the Bildquelle line."""
        images = ([self.lead_image] if self.lead_image else []) + self.body_images()
        return list(dict.fromkeys(image.credit for image in images if image.credit and not image.is_gone()))

    def related_for_readers(self, limit: int = 5, portal: Portal | None = None) -> list["Article"]:
        """The box under the article on its home portal: hand-picked articles first, then the section's newest,
        each only if the portal shows it (shared ones included, linking to their home).

        One query of teaser rows (their renditions are the caller's: see ArticleDetailView). The section's newest
        `limit` articles are enough candidates: at most as many of them as were chosen by hand are left out."""
        portal = portal or self.home_portal
        visible = Article.objects.published().exclude(pk=self.pk)
        chosen = self.related.order_by().values("pk")
        newest = visible.in_section_on(portal, self.section).order_by("-published_at", "-pk").values("pk")[:limit]
        visible = visible.shown_on(portal)
        candidates = Q(pk__in=chosen) | Q(pk__in=newest)
        if connections[visible.db].features.supports_slicing_ordering_in_compound:
            # PostgreSQL answers an OR of two subqueries by scanning every article (0.15 s at 100,000); the UNION
            # of both, each read from its index, is a handful of ids. SQLite cannot limit a part of a UNION.
            candidates = Q(pk__in=chosen.union(newest, all=True))
        return list(
            visible.filter(candidates)
            .teaser_rows()
            .alias(chosen_by_hand=Case(When(pk__in=chosen, then=Value(1)), default=Value(0)))
            .order_by("-chosen_by_hand", "-published_at", "-pk")[:limit]
        )


# The outputs a published article appears in, for the picture rights check at publish time (images/rights.py):
# every article is on the website and in print/PDF. An app that carries articles elsewhere (a newsletter, other
# portals) appends a provider `(article) -> output keys` here from its AppConfig.ready().
ARTICLE_OUTPUTS: list = [lambda article: ["web", "print"]]


class Byline(models.Model):
    """A contributor named in an article's byline, in the editor's order, with the role they had."""

    class Role(models.TextChoices):
        TEXT = "text", _("Text")
        INTERVIEW = "interview", _("Interview")
        PHOTO = "photo", _("Foto")
        CONTRIBUTION = "contribution", _("Mitarbeit")

    article = models.ForeignKey(Article, verbose_name=_("Beitrag"), on_delete=models.CASCADE, related_name="bylines")
    contributor = models.ForeignKey(
        Contributor,
        verbose_name=_("Autorin/Autor"),
        # A contributor named in bylines is never deleted, only retired (people/services.py): the archive keeps names.
        on_delete=models.PROTECT,
        related_name="bylines",
    )
    role = models.CharField(_("Rolle"), max_length=12, choices=Role.choices, default=Role.TEXT)
    position = models.PositiveIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Autorenzeile")
        verbose_name_plural = _("Autorenzeile")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "contributor", "role"], name="byline_once_per_role"),
        ]
        indexes = [models.Index(fields=["contributor", "article"], name="byline_contributor_idx")]

    def __str__(self):
        return f"{self.get_role_display()}: {self.contributor}"


# Picture addresses in a sanitised body (richtext.py lets only this site's renditions through).
BODY_IMAGE_SRC = re.compile(r'<img[^>]*?\ssrc="([^"]+)"')


def rendition_names(body: str | None) -> list[str]:
    """The storage names of the renditions a sanitised body shows, in their order."""
    prefix = settings.MEDIA_URL
    sources = map(unescape, BODY_IMAGE_SRC.findall(body or ""))
    return [src[len(prefix) :] for src in sources if src.startswith(prefix)]


class ArticleBodyImage(models.Model):
    """A library image that an article's body shows (images.rights.body_picture_ids): its "Verwendet in", its
    delete protection and the cached PDFs to forget at its licence end come from an index instead of a scan of
    every body. Kept in step with the body on every write path (`remember_body_images`, called by Article.save
    and the queryset's bulk_create, bulk_update and update; revision restores and the WordPress import write
    through these); backups carry the rows."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="body_image_links")
    # A deleted image (only drafts may show it, see images.admin) leaves the draft's body with a dead picture.
    image = models.ForeignKey("images.Image", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("Bild im Text")
        verbose_name_plural = _("Bilder im Text")
        constraints = [models.UniqueConstraint(fields=["article", "image"], name="article_body_image_unique")]

    def __str__(self):
        return str(self.article)


# IN lists stay below every database's limit of query parameters.
ID_CHUNK = 500


def remember_body_images(bodies: dict[int, str], *, new: bool = False) -> None:
    """Bring ArticleBodyImage in step with these articles' bodies (article id -> sanitised body); `new`: the
    articles were just created and have no rows yet. One query for an article without pictures, a few with."""
    shown = {pk: body_picture_ids(body) for pk, body in bodies.items()}
    mentioned = {image_id for found in shown.values() for image_id in found}
    existing_images = set(Image.objects.filter(pk__in=mentioned).values_list("pk", flat=True)) if mentioned else set()
    wanted = {(pk, image_id) for pk, found in shown.items() for image_id in found if image_id in existing_images}
    ids = list(bodies)
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        if new:
            existing = set()
        elif not any(pk in chunk for pk, _image in wanted):
            ArticleBodyImage.objects.filter(article_id__in=chunk).delete()
            continue
        else:
            rows = ArticleBodyImage.objects.filter(article_id__in=chunk).values_list("pk", "article_id", "image_id")
            existing = {(article_id, image_id): pk for pk, article_id, image_id in rows}
            if stale := [pk for key, pk in existing.items() if key not in wanted]:
                ArticleBodyImage.objects.filter(pk__in=stale).delete()
        missing = [key for key in wanted if key[0] in chunk and key not in existing]
        ArticleBodyImage.objects.bulk_create(
            [ArticleBodyImage(article_id=pk, image_id=image_id) for pk, image_id in missing], ignore_conflicts=True
        )


# Addresses a reader's browser may follow from the link list.
WEB_SCHEMES = ["http", "https"]


class ArticleLink(models.Model):
    """A link listed under the article, in the order the editor set."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(
        _("Adresse"),
        max_length=500,
        validators=[URLValidator(schemes=WEB_SCHEMES)],
        help_text=_("Vollständige Adresse mit https://."),
    )
    label = models.CharField(
        _("Beschriftung"),
        max_length=200,
        blank=True,
        help_text=_("Optional; ohne Beschriftung wird die Adresse gezeigt."),
    )
    position = models.PositiveIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Link")
        verbose_name_plural = _("Links")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(url=""), name="articlelink_url_not_empty"),
            # Readers follow these links: a javascript: or data: address must not get in by any write path.
            models.CheckConstraint(
                condition=Q(url__istartswith="http://") | Q(url__istartswith="https://"),
                name="articlelink_url_is_web_address",
            ),
        ]

    def __str__(self):
        return self.label or self.url

    @property
    def text(self) -> str:
        return self.label or self.url


class ArticleRedirect(models.Model):
    """A former public address of an article; answered with a 301 to wherever the article lives now."""

    portal = models.ForeignKey(
        Portal,
        verbose_name=_("Portal"),
        on_delete=models.CASCADE,
        related_name="+",
        default=default_portal_id,
        help_text=_("Das Portal, unter dessen Hostnamen die alte Adresse galt."),
    )
    old_path = models.CharField(_("alte Adresse"), max_length=500, help_text=_("z. B. /politik/alter-name/"))
    # Points at the article, not at the next address, so several renames never make a chain of redirects.
    article = models.ForeignKey(Article, verbose_name=_("Beitrag"), on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Weiterleitung")
        verbose_name_plural = _("Weiterleitungen")
        ordering = ["old_path"]
        constraints = [models.UniqueConstraint(fields=["portal", "old_path"], name="redirect_path_unique_per_portal")]

    def __str__(self):
        return self.old_path


class ArticleShare(models.Model):
    """An article shown on another portal than its home: in its lists (in `section`, if given), search, feeds,
    keyword pages and related boxes, always linking to its one address at home. Chosen by the home portal's
    Redaktion (docs/mehrere-portale.md#teilen)."""

    article = models.ForeignKey(Article, verbose_name=_("Beitrag"), on_delete=models.CASCADE, related_name="shares")
    portal = models.ForeignKey(
        Portal, verbose_name=_("Portal"), on_delete=models.CASCADE, related_name="+", help_text=_("Wo er erscheint.")
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("Bereich dort"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shared_articles",
        help_text=_(
            "Optional: ein Bereich jenes Portals; ohne erscheint er dort auf der Startseite, in Suche, "
            "Feeds und Stichwörtern."
        ),
    )
    created_at = models.DateTimeField(_("geteilt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Teilen mit einem anderen Portal")
        verbose_name_plural = _("In anderen Portalen zeigen")
        ordering = ["portal", "pk"]
        constraints = [models.UniqueConstraint(fields=["article", "portal"], name="article_share_unique")]
        indexes = [models.Index(fields=["portal", "section"], name="article_share_portal_idx")]

    def __str__(self):
        return f"{self.article} → {self.portal}"

    def clean(self):
        if self.portal_id and self.article_id and self.portal_id == self.article.home_portal_id:
            raise ValidationError({"portal": _("Das ist das Heimatportal des Beitrags; dort erscheint er ohnehin.")})
        if self.section_id and self.portal_id and self.section.portal_id != self.portal_id:
            raise ValidationError({"section": _("Dieser Bereich gehört zu einem anderen Portal.")})
        if self.article_id and self.article.status == Article.Status.PUBLISHED:
            # Shown on another portal from now on: its pictures' licences must cover that (images/rights.py).
            problems = self.article.picture_rights_problems(outputs=["portals"], shown_from=timezone.now())
            if problems:
                raise ValidationError([_("Nicht geteilt:"), *problems])


class SectionShare(models.Model):
    """A rule: everything in `source` (a section of one portal) also appears in `target` (a section of another),
    as if shared one by one, including what is published there later."""

    source = models.ForeignKey(
        Section,
        verbose_name=_("Bereich"),
        on_delete=models.CASCADE,
        related_name="shared_to",
        help_text=_("Alles aus diesem Bereich …"),
    )
    target = models.ForeignKey(
        Section,
        verbose_name=_("erscheint auch in"),
        on_delete=models.CASCADE,
        related_name="shared_from",
        help_text=_("… erscheint auch in diesem Bereich eines anderen Portals."),
    )

    class Meta:
        verbose_name = _("Übernahmeregel")
        verbose_name_plural = _("Übernahmeregeln")
        ordering = ["source", "target"]
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="section_share_unique")]

    def __str__(self):
        return f"{self.source.portal} / {self.source} → {self.target.portal} / {self.target}"

    def clean(self):
        if not (self.source_id and self.target_id):
            return
        if self.source.portal_id == self.target.portal_id:
            raise ValidationError(_("Beide Bereiche gehören zum selben Portal; eine Regel verbindet zwei Portale."))
        twice = SectionShare.objects.filter(source_id=self.source_id, target__portal_id=self.target.portal_id)
        if twice.exclude(pk=self.pk).exists():
            raise ValidationError(
                _("Für diesen Bereich gibt es schon eine Regel in dieses Portal; ein Bereich erscheint dort einmal.")
            )
