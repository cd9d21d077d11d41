"""Importing a read WordPress export (wxr.Export) into articles, sections, keywords, images and redirects.

Repeatable: every WordPress object is remembered in `ImportedItem` (site + kind + WordPress id). The same export
again changes nothing; a newer one updates what changed there, unless the article or image was edited in
Newsroom since the last import (its `written_hash` no longer matches), in which case the edit is kept and the
summary says so. Posts are written in batches (one transaction each, one savepoint per post): a failing post is
reported and leaves nothing behind, and a crash leaves every finished batch complete, so a rerun finishes the job.
"""

import hashlib
import json
import logging
import re
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from articles.models import (
    Article,
    ArticleRedirect,
    ArticleType,
    Byline,
    Keyword,
    KeywordedArticle,
    Section,
    german_slugify,
    keyword_slug,
)
from articles.search import refresh_search_index
from core import addresses
from core.richtext import BODY_IMAGE_WIDTH, sanitize_body
from images.models import Image, Rendition
from images.renditions import delete_files, ensure_renditions
from images.validation import validate_image_file
from people.models import Contributor
from portals.models import Portal

from . import markup
from .models import ImportedItem
from .wxr import Export, Item, Term, number

logger = logging.getLogger(__name__)

Kind = ImportedItem.Kind
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp"}
STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,  # published_at lies ahead: scheduled, as in WordPress
    "pending": Article.Status.REVIEW,
    "draft": Article.Status.DRAFT,
    "private": Article.Status.DRAFT,
}
NO_DATE = "0000-00-00 00:00:00"
SECTION_NAME_CHARS = Section._meta.get_field("name").max_length
# WordPress's resized copies: "name-300x200.jpg" is a size of "name.jpg".
_SIZE_SUFFIX = re.compile(r"-\d+x\d+(\.\w+)$")


@dataclass
class Problem:
    title: str
    wp_id: int | None
    message: str

    def __str__(self):
        where = f" (WordPress-ID {self.wp_id})" if self.wp_id else ""
        return f"„{self.title or 'ohne Titel'}“{where}: {self.message}"


@dataclass
class Summary:
    dry_run: bool = False
    counts: dict[str, Counter] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    kept: list[Problem] = field(default_factory=list)

    def count(self, what: str, outcome: str, n: int = 1):
        self.counts.setdefault(what, Counter())[outcome] += n

    def lines(self) -> list[str]:
        head = "Probelauf (--dry-run): nichts wurde gespeichert." if self.dry_run else "Import abgeschlossen."
        lines = [head]
        for what, outcomes in self.counts.items():
            lines.append(f"{what}: " + ", ".join(f"{n} {outcome}" for outcome, n in outcomes.items()))
        if self.kept:
            lines.append(f"In Newsroom geändert und deshalb beibehalten ({len(self.kept)}):")
            lines += [f"  - {kept}" for kept in self.kept]
        if self.problems:
            lines.append(f"Probleme ({len(self.problems)}):")
            lines += [f"  - {problem}" for problem in self.problems]
        else:
            lines.append("Probleme: keine.")
        return lines


@dataclass
class Options:
    uploads: Path | None = None
    dry_run: bool = False
    section_map: dict[str, str] = field(default_factory=dict)  # WordPress category slug -> section slug
    authors: dict[str, str] = field(default_factory=dict)  # WordPress login -> author shorthand
    article_type: str = "meldung"
    default_section: str = "allgemein"
    batch_size: int = 250
    # The portal the posts, sections and old addresses go to (None: the first portal).
    portal: Portal | None = None


def site_key(base_url: str) -> str:
    parts = urlsplit(base_url)
    return (parts.netloc + parts.path).rstrip("/").lower()[:300] or "wordpress"


def old_path(link: str) -> str:
    """The path of a WordPress permalink as Django's request.path will show it ("" for links with a query)."""
    parts = urlsplit(link)
    if parts.query or not parts.path or parts.path == "/":
        return ""
    return unquote(parts.path)


def initials(name: str) -> str:
    words = [word for word in name.replace("-", " ").replace(".", " ").split() if word[:1].isalnum()]
    if len(words) == 1:
        return words[0][:3].lower()
    return "".join(word[0] for word in words[:4]).lower()


def login_key(login: str) -> str:
    # dc:creator sometimes carries stray characters around the login (">themereviewteam" in the theme test data).
    return "".join(ch for ch in login.strip().lower() if ch.isalnum() or ch in "._@-")


def parse_date(value: str) -> datetime | None:
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def content_hash(values) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def article_hash(article: Article, keyword_ids) -> str:
    """What the import wrote into an article; any edit in Newsroom changes it, the keywords' order included.

    Hashes written before keywords had an order hold the ids sorted: `edited_in_newsroom` accepts those too."""
    return content_hash(
        [
            article.headline,
            article.lead,
            article.body,
            article.author_shorthand,
            article.section_id,
            article.article_type_id,
            article.status,
            article.published_at.astimezone(UTC).isoformat(),
            article.lead_image_id,
            list(keyword_ids),
            article.slug,
        ]
    )


def edited_in_newsroom(article: Article, written_hash: str) -> bool:
    keyword_ids = list(article.keyword_items.values_list("tag_id", flat=True))
    return written_hash not in {article_hash(article, keyword_ids), article_hash(article, sorted(keyword_ids))}


def image_hash(image: Image) -> str:
    return content_hash([image.alt_text, image.caption, image.credit])


class Importer:
    def __init__(self, export: Export, options: Options, progress: Callable[[int, int, int], None] | None = None):
        self.export = export
        self.options = options
        self.progress = progress or (lambda done, total, errors: None)
        self.summary = Summary(dry_run=options.dry_run)
        self.site = site_key(export.base_url)
        self.done = 0
        self.total = len(export.items)
        self.written_files: list[str] = []
        self.contributors: dict[str, Contributor | None] = {}

    # --- running -------------------------------------------------------------------------------------------

    def run(self) -> Summary:
        if self.options.dry_run:
            try:
                with transaction.atomic():
                    self._run()
                    transaction.set_rollback(True)
            finally:
                delete_files(self.written_files)
        else:
            self._run()
        return self.summary

    def _run(self):
        self.portal = self.options.portal or Portal.objects.default()
        self.summary.problems += [Problem(r.title, r.wp_id, r.message) for r in self.export.refused]
        self.known = {(item.kind, item.wp_id): item for item in ImportedItem.objects.filter(site=self.site)}
        self.taken_slugs = set(Article.objects.values_list("slug", flat=True))
        self.redirects = dict(ArticleRedirect.objects.filter(portal=self.portal).values_list("old_path", "article_id"))
        self.keywords = {keyword.slug: keyword for keyword in Keyword.objects.all()}
        self.keyword_names = {keyword.name: keyword for keyword in self.keywords.values()}
        posts, attachments = [], []
        for item in self.export.items:
            # A post with a field too large is reported by _prepare, whatever its status said.
            if item.post_type == "post" and (item.status in STATUSES or item.oversized):
                posts.append(item)
            elif item.post_type == "attachment":
                attachments.append(item)
            else:
                what = {"page": "Seiten", "nav_menu_item": "Menüeinträge"}.get(item.post_type, "Sonstige Elemente")
                self.summary.count(what, "nicht übernommen")
                self._step()
        with transaction.atomic():
            self.article_type = self._article_type()
            self._import_terms(posts)
        self.images: dict[int, Image] = {}
        self._in_batches(attachments, self._import_attachment)
        self.attachments = {item.wp_id: item for item in attachments}
        self._index_uploads(attachments)
        self._import_posts(posts)
        if attachments and self.options.uploads is None:
            self.summary.problems.append(
                Problem("Bilder", None, "Ohne --uploads wurden keine Bilddateien übernommen (alle Bilder fehlen).")
            )

    def _step(self):
        self.done += 1
        self.progress(self.done, self.total, len(self.summary.problems))

    def _in_batches(self, items: list[Item], handle: Callable[[Item], None]):
        size = self.options.batch_size
        for start in range(0, len(items), size):
            with transaction.atomic():
                for item in items[start : start + size]:
                    files_before = len(self.written_files)
                    try:
                        with transaction.atomic():
                            handle(item)
                    except Exception as error:  # one bad item must not stop the import; it is reported
                        logger.exception("WordPress-Import: Element %s fehlgeschlagen", item.wp_id)
                        delete_files(self.written_files[files_before:])
                        del self.written_files[files_before:]
                        self.summary.count("Fehler", "Elemente")
                        self.summary.problems.append(
                            Problem(item.title, item.wp_id, f"nicht übernommen ({type(error).__name__}: {error})")
                        )
                    self._step()

    def _remember(self, kind: str, wp_id: int, **fields) -> ImportedItem:
        item = self.known.get((kind, wp_id))
        if item is None:
            item = ImportedItem(site=self.site, kind=kind, wp_id=wp_id)
            self.known[(kind, wp_id)] = item
        for name, value in fields.items():
            setattr(item, name, value)
        item.save()
        return item

    # --- sections and keywords -------------------------------------------------------------------------------

    def _article_type(self) -> ArticleType:
        slug = self.options.article_type
        found = ArticleType.objects.filter(slug=slug).first()
        if found is None:
            name = slug.replace("-", " ").title()
            found = ArticleType.objects.create(slug=slug, name=name, shows_badge=slug != "meldung")
            self.summary.count("Beitragsarten", "angelegt")
        return found

    def _import_terms(self, posts: list[Item]):
        self.categories: dict[str, Term] = {}
        tags: dict[str, Term] = {}
        for term in self.export.terms:
            (self.categories if term.kind == "category" else tags).setdefault(term.slug, term)
        for post in posts:  # terms that only the posts name
            for domain, slug, name in post.categories:
                if domain == "category" and slug not in self.categories:
                    self.categories[slug] = Term("category", None, slug, name or slug)
                elif domain == "post_tag" and slug not in tags:
                    tags[slug] = Term("tag", None, slug, name or slug)
        self.categories_by_id = {term.term_id: term for term in self.categories.values() if term.term_id}
        self.sections: dict[str, Section] = {}  # category slug -> section
        for post in posts:
            self._section_for(post)
        for term in self.categories.values():
            section = self.sections.get(term.slug)
            keyword = None if section else self._keyword(term.name)
            self._remember_term(Kind.CATEGORY, term, section=section, keyword=keyword)
        for term in tags.values():
            self._remember_term(Kind.TAG, term, keyword=self._keyword(term.name))

    def _remember_term(self, kind, term: Term, **targets):
        wp_id = term.term_id or -zlib.crc32(term.slug.encode())  # terms only named by posts have no id
        self._remember(kind, wp_id, wp_slug=unquote(term.slug)[:200], **targets)

    def _chain(self, slug: str) -> list[str]:
        """The category and its ancestors, top level last."""
        chain = []
        while slug and slug in self.categories and slug not in chain:
            chain.append(slug)
            slug = self.categories[slug].parent_slug
        return chain

    def _primary_category(self, post: Item) -> str:
        primary_id = number(post.meta.get("_yoast_wpseo_primary_category", ""))
        if primary_id in self.categories_by_id:
            return self.categories_by_id[primary_id].slug
        return next((slug for domain, slug, _name in post.categories if domain == "category"), "")

    def _section_for(self, post: Item) -> tuple[Section, list[str]]:
        """The post's section (from its primary category's top-level ancestor, or --section-map), and the
        categories that became its section (they are not repeated as keywords)."""
        chain = self._chain(self._primary_category(post))
        for depth, slug in enumerate(chain):
            if slug in self.options.section_map:
                return self._section(slug, self.options.section_map[slug]), chain[depth:]
        if not chain:
            default = self.options.default_section
            return self._section(default, self.options.section_map.get(default, default)), []
        return self._section(chain[-1], None), chain[-1:]

    def _section(self, category_slug: str, section_slug: str | None) -> Section:
        if category_slug in self.sections:
            return self.sections[category_slug]
        term = self.categories.get(category_slug)
        # As long as the column: the section is found by the name it will be stored under.
        name = ((term.name if term else "") or category_slug.replace("-", " ").title())[:SECTION_NAME_CHARS]
        slug = german_slugify(section_slug or unquote(category_slug))[:90] or german_slugify(name)[:90] or "bereich"
        if addresses.is_reserved(slug):
            slug = f"{slug}-bereich"
        sections = Section.objects.filter(portal=self.portal)
        section = sections.filter(slug=slug).first() or sections.filter(name__iexact=name).first()
        if section is None:
            section = Section.objects.create(portal=self.portal, name=name, slug=slug, position=sections.count())
            self.summary.count("Bereiche", "angelegt")
        self.sections[category_slug] = section
        return section

    def _keyword(self, name: str) -> Keyword:
        name = name.strip()[:100] or "Stichwort"
        slug = keyword_slug(name)
        if slug not in self.keywords:
            keyword = self.keyword_names.get(name)
            if keyword is None:
                keyword = Keyword.objects.create(name=name, slug=slug)
                self.keyword_names[name] = keyword
                self.summary.count("Stichwörter", "angelegt")
            self.keywords[slug] = keyword
        return self.keywords[slug]

    # --- images -----------------------------------------------------------------------------------------------

    def _file_candidates(self, item: Item) -> list[str]:
        candidates = []
        attached = item.meta.get("_wp_attached_file", "").strip()
        if attached:
            candidates.append(attached)
        path = unquote(urlsplit(item.attachment_url).path)
        if "/wp-content/uploads/" in path:
            candidates.append(path.split("/wp-content/uploads/", 1)[1])
        candidates.append(path.lstrip("/"))
        return [c for c in dict.fromkeys(candidates) if c]

    def _locate(self, item: Item) -> Path | None:
        root = self.options.uploads.resolve()
        for relative in self._file_candidates(item):
            try:
                candidate = (root / relative).resolve()
                # Never outside the uploads folder, whatever "../" or symlinks the export or the folder contain.
                if candidate.is_relative_to(root) and candidate.is_file():
                    return candidate
            except OSError:  # a name the file system refuses (too long, a NUL byte) names no file
                continue
        return None

    def _index_uploads(self, attachments: list[Item]):
        """Where the export's pictures lived, so that pictures in bodies can be matched to them (never fetched)."""
        self.upload_paths: dict[str, int] = {}
        self.upload_hosts = {urlsplit(url).netloc.lower() for url in self.export.base_urls if url}
        for item in attachments:
            self.upload_hosts.add(urlsplit(item.attachment_url).netloc.lower())
            for relative in self._file_candidates(item):
                self.upload_paths.setdefault(relative, item.wp_id)
        self.upload_hosts.discard("")
        self.body_renditions: dict[int, Rendition] = {}

    def attachment_for(self, src: str, wp_id: int | None) -> int | None:
        """The attachment a picture address in a body points at: a file of the export's uploads (also a resized
        copy "name-300x200.jpg"), or the id the markup names when the address is on the export's own hosts."""
        parts = urlsplit(src.strip())
        if parts.scheme not in ("", "http", "https") or (
            parts.netloc and parts.netloc.lower() not in self.upload_hosts
        ):
            return None
        if src.strip():
            path = unquote(parts.path)
            relative = path.split("/wp-content/uploads/", 1)[1] if "/wp-content/uploads/" in path else path.lstrip("/")
            for candidate in (relative, _SIZE_SUFFIX.sub(r"\1", relative)):
                if candidate in self.upload_paths:
                    return self.upload_paths[candidate]
        return wp_id if wp_id in self.attachments else None

    def body_image(
        self, src: str, wp_id: int | None, alt: str, width: str, notes: list[str]
    ) -> markup.BodyImage | None:
        attachment = self.attachment_for(src, wp_id)
        shown = src.strip()[:120] or f"Anhang {wp_id}"
        if attachment is None:
            notes.append(f"Bild im Text entfernt, es stammt nicht aus den Uploads des Exports: {shown}")
            return None
        image = self.images.get(attachment)
        if image is None:
            notes.append(f"Bild im Text entfernt, Bilddatei fehlt oder wurde abgelehnt (Anhang {attachment}): {shown}")
            return None
        rendition = self.body_renditions.get(image.pk)
        if rendition is None:
            rendition = self.body_renditions[image.pk] = image.rendition(width=BODY_IMAGE_WIDTH, fmt="jpeg")
        shown_width, shown_height = rendition.width, rendition.height
        wordpress_width = number(width)
        if wordpress_width and wordpress_width < rendition.width:  # shown smaller in WordPress
            shown_width = wordpress_width
            shown_height = max(1, round(wordpress_width * rendition.height / rendition.width))
        return markup.BodyImage(rendition.file.url, image.alt_text or alt, shown_width, shown_height, image.caption)

    def _import_attachment(self, item: Item):
        title = item.title
        if item.oversized:
            self.summary.count("Bilder", "übersprungen")
            self.summary.problems.append(
                Problem(title, item.wp_id, f"Feld zu groß ({', '.join(item.oversized)}): nicht übernommen")
            )
            return
        if item.left_out:
            self.summary.problems.append(Problem(title, item.wp_id, "; ".join(item.left_out) + ": übergangen."))
        name = urlsplit(item.attachment_url).path.rsplit("/", 1)[-1]
        if Path(name).suffix.lower() not in IMAGE_EXTENSIONS:
            self.summary.count("Anhänge ohne Bild (Audio, Video, Dokumente)", "nicht übernommen")
            return
        credit, caption = markup.credit_and_caption(
            item.excerpt, item.content, item.meta.get("_wp_attachment_metadata", "")
        )
        alt_text = markup.plain(item.meta.get("_wp_attachment_image_alt", ""))[:250]
        source = content_hash([credit, caption, alt_text])
        known = self.known.get((Kind.ATTACHMENT, item.wp_id))
        if known is not None and known.image_id is not None:
            image = known.image
            self.images[item.wp_id] = image
            if known.source_hash == source:
                self.summary.count("Bilder", "unverändert")
            elif image_hash(image) != known.written_hash:
                self.summary.count("Bilder", "beibehalten")
                self.summary.kept.append(Problem(title, item.wp_id, "Bildangaben in Newsroom geändert"))
            else:
                image.alt_text, image.caption, image.credit = alt_text, caption, credit
                image.save(update_fields=["alt_text", "caption", "credit"])
                self._remember(Kind.ATTACHMENT, item.wp_id, source_hash=source, written_hash=image_hash(image))
                self.summary.count("Bilder", "aktualisiert")
            return
        if known is not None:
            self.summary.count("Bilder", "in Newsroom gelöscht, nicht wieder angelegt")
            return
        if self.options.uploads is None:
            self.summary.count("Bilder", "ohne Datei")
            return
        path = self._locate(item)
        if path is None:
            self.summary.count("Bilder", "Datei fehlt")
            self.summary.problems.append(
                Problem(title, item.wp_id, f"Bilddatei fehlt im Upload-Ordner: {self._file_candidates(item)[0]}")
            )
            return
        with path.open("rb") as file:
            try:
                validate_image_file(file)
            except ValidationError as error:
                self.summary.count("Bilder", "abgelehnt")
                self.summary.problems.append(Problem(title, item.wp_id, " ".join(error.messages)))
                return
            image = Image(alt_text=alt_text, caption=caption, credit=credit)
            image.file.save(path.name, File(file), save=False)
            self.written_files.append(image.file.name)
            image.save()
        self.written_files += [rendition.file.name for rendition in ensure_renditions(image)]
        self._remember(
            Kind.ATTACHMENT,
            item.wp_id,
            image=image,
            guid=item.guid[:500],
            wp_slug=item.post_name[:200],
            source_hash=source,
            written_hash=image_hash(image),
        )
        self.images[item.wp_id] = image
        self.summary.count("Bilder", "angelegt")
        if not credit:
            self.summary.problems.append(
                Problem(title, item.wp_id, "Bild ohne Bildquelle: bitte in Newsroom ergänzen.")
            )

    # --- posts ----------------------------------------------------------------------------------------------

    def _source_hash(self, post: Item) -> str:
        return content_hash(
            [
                post.title,
                post.content,
                post.excerpt,
                post.status,
                post.date,
                post.date_gmt,
                post.creator,
                post.post_name,
                post.link,
                post.password,
                post.categories,
                post.meta.get("_thumbnail_id", ""),
                post.meta.get("_yoast_wpseo_primary_category", ""),
                self.options.section_map,
                self.options.authors,
                self.options.article_type,
            ]
        )

    def _published_at(self, post: Item, notes: list[str]) -> datetime:
        gmt = parse_date(post.date_gmt) if post.date_gmt and post.date_gmt != NO_DATE else None
        if gmt is not None:
            return gmt.replace(tzinfo=UTC)
        local = parse_date(post.date) if post.date and post.date != NO_DATE else None
        if local is not None:
            return local.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
        notes.append("ohne gültiges Datum: Zeitpunkt des Imports gesetzt")
        return timezone.now()

    def _author(self, post: Item) -> str:
        key = login_key(post.creator)
        mapped = {login_key(login): short for login, short in self.options.authors.items()}
        if key in mapped:
            return mapped[key][:20]
        author = next((a for login, a in self.export.authors.items() if login_key(login) == key), None)
        if author is None:
            return initials(post.creator)[:20]
        full = f"{author.first_name} {author.last_name}".strip() or author.display_name or author.login
        return initials(full)[:20]

    def _contributor(self, post: Item) -> Contributor | None:
        """The contributor for the post's dc:creator: the WordPress author (wp:author) of that login, found by
        name or made once per import, named as WordPress shows them. None for a creator the export does not list."""
        key = login_key(post.creator)
        if key not in self.contributors:
            author = next((a for login, a in self.export.authors.items() if login_key(login) == key), None)
            found = None
            if author is not None:
                name = (author.display_name or f"{author.first_name} {author.last_name}".strip() or author.login)[:150]
                found = Contributor.objects.filter(name=name).order_by("pk").first()
                if found is None:
                    base = german_slugify(name)[:140] or f"autor-{key}"[:140]
                    slug, n = base, 2
                    while Contributor.objects.filter(slug=slug).exists():
                        slug, n = f"{base}-{n}", n + 1
                    found = Contributor.objects.create(name=name, slug=slug)
                    self.summary.count("Autorinnen und Autoren", "angelegt")
            self.contributors[key] = found
        return self.contributors[key]

    def _bylines(self, prepared: list["PreparedPost"]) -> None:
        """A Text byline for each post whose creator is a WordPress author; an article that has bylines keeps them."""
        articles = [p.article for p in prepared]
        named = set(Byline.objects.filter(article__in=articles).values_list("article_id", flat=True))
        Byline.objects.bulk_create(
            [
                Byline(article=p.article, contributor=contributor)
                for p in prepared
                if p.article.pk not in named and (contributor := self._contributor(p.post)) is not None
            ]
        )

    def _slug(self, post: Item, headline: str) -> str:
        base = (
            german_slugify(unquote(post.post_name))[:180] or german_slugify(headline)[:180] or f"beitrag-{post.wp_id}"
        )
        slug, n = base, 2
        while slug in self.taken_slugs:
            slug, n = f"{base}-{n}", n + 1
        self.taken_slugs.add(slug)
        return slug

    def _import_posts(self, posts: list[Item]):
        """Posts in batches: new ones written in bulk (one insert per table and batch); if a batch fails, its
        posts are written one by one, each in its own savepoint, so that only the failing one is left out."""
        for start in range(0, len(posts), self.options.batch_size):
            batch = [(post, self._prepare(post)) for post in posts[start : start + self.options.batch_size]]
            new = [prepared for _post, prepared in batch if prepared is not None and prepared.creating]
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        self._create_all(new)
                except Exception:  # written again one by one below, where the failing post is reported
                    logger.exception("WordPress-Import: Stapel fehlgeschlagen, einzeln weiter")
                    for prepared in new:  # the rolled-back insert had given them ids
                        prepared.article.pk, prepared.article._state.adding, prepared.mapping = None, True, None
                    new = []
                written = {id(prepared) for prepared in new}
                for _post, prepared in batch:
                    if prepared is not None and (id(prepared) in written or self._write_safely(prepared)):
                        self._done(prepared)
                    self._step()

    def _write_safely(self, prepared: "PreparedPost") -> bool:
        try:
            with transaction.atomic():
                self._write_one(prepared)
        except Exception as error:  # one bad post must not stop the import; it is reported
            logger.exception("WordPress-Import: Beitrag %s fehlgeschlagen", prepared.post.wp_id)
            self.summary.count("Fehler", "Elemente")
            self.summary.problems.append(
                Problem(prepared.title, prepared.post.wp_id, f"nicht übernommen ({type(error).__name__}: {error})")
            )
            return False
        return True

    def _prepare(self, post: Item) -> "PreparedPost | None":
        """Everything a post becomes, decided without writing; None if nothing is to be written."""
        title = markup.plain_title(post.title)
        if post.oversized:
            self.summary.count("Beiträge", "übersprungen")
            self.summary.problems.append(
                Problem(title, post.wp_id, f"Feld zu groß ({', '.join(post.oversized)}): nicht übernommen")
            )
            return None
        source = self._source_hash(post)
        known = self.known.get((Kind.POST, post.wp_id))
        article = None
        if known is not None:
            if known.article_id is None:
                self.summary.count("Beiträge", "in Newsroom gelöscht, nicht wieder angelegt")
                return None
            if known.source_hash == source:
                self.summary.count("Beiträge", "unverändert")
                return None
            article = Article.objects.select_related("lead_image").get(pk=known.article_id)
            if edited_in_newsroom(article, known.written_hash):
                self.summary.count("Beiträge", "beibehalten")
                self.summary.kept.append(
                    Problem(
                        title, post.wp_id, "in Newsroom bearbeitet; die neue Fassung aus WordPress bleibt außen vor"
                    )
                )
                self._remember(Kind.POST, post.wp_id, source_hash=source)
                return None
        notes = [f"{left_out}: übergangen" for left_out in post.left_out]
        creating = article is None
        if creating:
            article = Article(created_by=None, version=1)
        headline = title
        if len(headline) > 200:
            headline = headline[:199].rsplit(" ", 1)[0] + "…"
            notes.append("Überschrift auf 200 Zeichen gekürzt")
        media = PostMedia(self, post, notes)
        body = markup.drop_empty_paragraphs(sanitize_body(markup.convert_body(post.content, media)))
        lead, body = markup.split_lead(post.excerpt, body)
        section, section_categories = self._section_for(post)
        keyword_names = [name or slug for domain, slug, name in post.categories if domain == "post_tag"]
        keyword_names += [
            self.categories[slug].name if slug in self.categories else name
            for domain, slug, name in post.categories
            if domain == "category" and slug not in section_categories
        ]
        keywords = list({k.pk: k for k in (self._keyword(name) for name in keyword_names)}.values())
        lead_image = None
        thumbnail = number(post.meta.get("_thumbnail_id", ""))
        if thumbnail:
            lead_image = self.images.get(thumbnail)
            if lead_image is None:
                notes.append(f"Beitragsbild (Anhang {thumbnail}) nicht übernommen")
        status = STATUSES[post.status]
        if post.status == "private":
            notes.append("in WordPress privat: als Entwurf übernommen")
        if post.password and status == Article.Status.PUBLISHED:
            status = Article.Status.REVIEW
            notes.append("in WordPress passwortgeschützt: als „Zur Prüfung“ übernommen, nicht veröffentlicht")
        article.headline = headline
        article.lead = lead
        article.body = body
        article.author_shorthand = self._author(post)
        article.section = section
        article.article_type = self.article_type
        article.lead_image = lead_image
        article.published_at = self._published_at(post, notes)
        article.status = status
        if creating:
            article.slug = self._slug(post, headline)
        if status == Article.Status.PUBLISHED:
            problems = article.publish_problems()
            if problems:
                article.status = Article.Status.REVIEW
                notes.append(" ".join(problems) + " Deshalb als „Zur Prüfung“ übernommen")
        return PreparedPost(
            post, title, article, keywords, source, creating, notes, *self._claim_old_path(post, article, notes)
        )

    def _claim_old_path(self, post: Item, article: Article, notes: list[str]) -> tuple[str, bool]:
        """The post's old path and whether it needs a new ArticleRedirect (claimed at once, so that two posts
        of one batch never both take the same path)."""
        path = old_path(post.link)
        if not path or path == article.get_absolute_url():
            return "", False
        if len(path) > ArticleRedirect._meta.get_field("old_path").max_length:
            notes.append("alte Adresse zu lang für eine Weiterleitung")
            return "", False
        owner = self.redirects.get(path)
        if owner is None:
            self.redirects[path] = article
            return path, True
        if owner is not article and owner != article.pk:
            notes.append(f"alte Adresse {path} leitet schon auf einen anderen Beitrag weiter")
        return path, False

    def _create_all(self, batch: list["PreparedPost"]):
        if not batch:
            return
        articles = Article.objects.bulk_create([prepared.article for prepared in batch])
        refresh_search_index(article.pk for article in articles)
        KeywordedArticle.objects.bulk_create(
            [
                KeywordedArticle(content_object=p.article, tag=k, position=position)
                for p in batch
                for position, k in enumerate(p.keywords)
            ]
        )
        ArticleRedirect.objects.bulk_create(
            [ArticleRedirect(portal=self.portal, old_path=p.path, article=p.article) for p in batch if p.new_redirect]
        )
        ImportedItem.objects.bulk_create([self._mapping(p) for p in batch])
        self._bylines(batch)

    def _write_one(self, prepared: "PreparedPost"):
        article = prepared.article
        article.save()
        if not prepared.creating:
            article.keyword_items.all().delete()
        KeywordedArticle.objects.bulk_create(
            [
                KeywordedArticle(content_object=article, tag=k, position=position)
                for position, k in enumerate(prepared.keywords)
            ]
        )
        if prepared.new_redirect:
            ArticleRedirect.objects.create(portal=self.portal, old_path=prepared.path, article=article)
        self._bylines([prepared])
        mapping = self._mapping(prepared)
        if mapping.pk is None:
            mapping.save()
        else:
            mapping.save(update_fields=["article", "guid", "wp_slug", "source_hash", "written_hash", "imported_at"])

    def _mapping(self, prepared: "PreparedPost") -> ImportedItem:
        post = prepared.post
        mapping = self.known.get((Kind.POST, post.wp_id)) or ImportedItem(
            site=self.site, kind=Kind.POST, wp_id=post.wp_id
        )
        mapping.article = prepared.article
        mapping.guid = post.guid[:500]
        mapping.wp_slug = unquote(post.post_name)[:200]
        mapping.source_hash = prepared.source
        mapping.written_hash = article_hash(prepared.article, [k.pk for k in prepared.keywords])
        mapping.imported_at = timezone.now()
        prepared.mapping = mapping
        return mapping

    def _done(self, prepared: "PreparedPost"):
        """Bookkeeping once a post is written: counts, notes, and what later posts must know."""
        if prepared.new_redirect:
            self.summary.count("Weiterleitungen", "angelegt")
        self.known[(Kind.POST, prepared.post.wp_id)] = prepared.mapping
        self.summary.count("Beiträge", "angelegt" if prepared.creating else "aktualisiert")
        if prepared.notes:
            self.summary.problems.append(Problem(prepared.title, prepared.post.wp_id, "; ".join(prepared.notes) + "."))


@dataclass
class PostMedia:
    """The pictures one post's body may show (markup.BodyMedia); what is left out goes into the post's notes."""

    importer: Importer
    post: Item
    notes: list[str]

    def image(self, src: str, wp_id: int | None, alt: str = "", width: str = "") -> markup.BodyImage | None:
        return self.importer.body_image(src, wp_id, alt, width, self.notes)

    def attached(self) -> list[int]:
        found = sorted(
            item.wp_id
            for item in self.importer.attachments.values()
            if item.parent_id == self.post.wp_id and item.wp_id in self.importer.images
        )
        if not found:
            self.notes.append("Galerie ohne übernommene Bilder entfernt")
        return found


@dataclass(eq=False)
class PreparedPost:
    post: Item
    title: str
    article: Article
    keywords: list[Keyword]
    source: str
    creating: bool
    notes: list[str]
    path: str
    new_redirect: bool
    mapping: ImportedItem | None = None
