"""Reading a WordPress eXtended RSS export (WXR 1.0–1.2) safely into plain records.

An export is untrusted input. defusedxml refuses any DOCTYPE (so no entity expansion and no external entities),
the file is read element by element (items are cleared once read), every field is bounded here, before it reaches a
parser or a query (`MAX_LINE_CHARS` for names, slugs, titles, addresses, logins and dates, `MAX_TEXT_CHARS` for
excerpts and meta values, `MAX_FIELD_CHARS` for a post's content; ids of at most 18 digits): an item, term or author
with a field above its bound is refused and listed (`Export.refused`), and every problem with the file as a whole is
a `WXRError` with a German message raised before anything is written. Namespaces are matched by URI, never by
prefix, so an export that declares them elsewhere or under other prefixes reads the same.
"""

import re
from dataclasses import dataclass, field
from functools import cache
from xml.etree.ElementTree import ParseError

import defusedxml
from defusedxml.ElementTree import iterparse

SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")
# A post's content: far above any real article, far below what hurts memory or the parsers' time.
MAX_FIELD_CHARS = 2_000_000
# Excerpts (a picture's caption) and meta values (serialised picture data).
MAX_TEXT_CHARS = 200_000
# Every one-line field: titles, names, slugs, logins, addresses, dates. WordPress's own columns hold 200 characters
# (slugs, logins) or a few hundred (titles, in practice); a category name of 50,000 characters stopped the import
# in SQLite's LIKE.
MAX_LINE_CHARS = 2_000

_WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/(excerpt/)?$")
_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}


class WXRError(Exception):
    """The file as a whole cannot be imported; the message says why, in German."""


@cache
def local_name(tag: str) -> str:
    """`{uri}name` as `prefix:name` with the canonical WXR prefix for the URI ("wp", "excerpt", "content", "dc")."""
    if not tag.startswith("{"):
        return tag
    uri, name = tag[1:].split("}", 1)
    match = _WP_NAMESPACE.match(uri)
    if match:
        return f"{'excerpt' if match.group(1) else 'wp'}:{name}"
    prefix = _NAMESPACES.get(uri)
    return f"{prefix}:{name}" if prefix else f"{{{uri}}}{name}"


def one_line(value: str) -> str:
    """Whitespace (line breaks of multi-line fields included) collapsed to single spaces."""
    return " ".join(value.split())


@dataclass
class Term:
    kind: str  # "category" or "tag"
    term_id: int | None
    slug: str
    name: str
    parent_slug: str = ""


@dataclass
class Author:
    login: str
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Item:
    wp_id: int
    post_type: str
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_name: str = ""
    status: str = ""
    date: str = ""
    date_gmt: str = ""
    parent_id: int = 0
    password: str = ""
    attachment_url: str = ""
    categories: list[tuple[str, str, str]] = field(default_factory=list)  # (domain, nicename, name)
    meta: dict[str, str] = field(default_factory=dict)
    # Fields refused for their size; such an item is reported, not imported.
    oversized: list[str] = field(default_factory=list)
    # Categories or meta fields left out for their size; the item is imported without them, with a note.
    left_out: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Refusal:
    """Something of the export that was not read, for the import's problems list."""

    title: str
    wp_id: int | None
    message: str


@dataclass
class Export:
    version: str
    title: str = ""
    base_url: str = ""
    # wp:base_site_url and wp:base_blog_url: where the export's uploads live (with the attachments' own hosts).
    base_urls: list[str] = field(default_factory=list)
    authors: dict[str, Author] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


_NUMBER = re.compile(r"[0-9]{1,18}")


def number(value: str) -> int | None:
    """An id or a size as the export writes it: up to 18 digits 0–9 (so it fits a 64-bit column), else None.
    (`str.isdigit()` lets "²" through, which `int()` refuses, and 5,000 digits, which `int()` refuses too.)"""
    value = value.strip()
    return int(value) if _NUMBER.fullmatch(value) else None


def _int(value: str) -> int:
    return number(value) or 0


def german_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def too_long(value: str, limit: int = MAX_LINE_CHARS) -> str:
    """ "" when `value` is within `limit`, else what is wrong with it, in German."""
    if len(value) <= limit:
        return ""
    return f"zu lang ({german_number(len(value))} Zeichen, höchstens {german_number(limit)})"


def preview(value: str) -> str:
    """The start of a value for a message."""
    value = one_line(value[:200])
    return value if len(value) <= 60 else value[:60].rsplit(" ", 1)[0] + " …"


_ITEM_FIELDS = {
    "title": "title",
    "link": "link",
    "guid": "guid",
    "dc:creator": "creator",
    "content:encoded": "content",
    "excerpt:encoded": "excerpt",
    "wp:post_name": "post_name",
    "wp:status": "status",
    "wp:post_date": "date",
    "wp:post_date_gmt": "date_gmt",
    "wp:post_password": "password",
    "wp:attachment_url": "attachment_url",
}


_FIELD_LIMITS = {"content:encoded": MAX_FIELD_CHARS, "excerpt:encoded": MAX_TEXT_CHARS}


def _item(element, refused: list[Refusal]) -> Item | None:
    values = {}
    item = Item(wp_id=0, post_type="")
    post_id = ""
    for child in element:
        name = local_name(child.tag)
        text = child.text or ""
        if name in _ITEM_FIELDS:
            if too_long(text, _FIELD_LIMITS.get(name, MAX_LINE_CHARS)):
                item.oversized.append(name)
                text = ""
            values[_ITEM_FIELDS[name]] = text
        elif name == "wp:post_id":
            post_id = text
            item.wp_id = _int(text)
        elif name == "wp:post_parent":
            item.parent_id = _int(text)
        elif name == "wp:post_type":
            item.post_type = text.strip()[:MAX_LINE_CHARS]
        elif name == "category":
            domain, nicename = child.get("domain", ""), child.get("nicename", "")
            if problem := too_long(text) or too_long(nicename) or too_long(domain):
                item.left_out.append(f"Kategorie oder Schlagwort „{preview(text or nicename)}“ {problem}")
                continue
            item.categories.append((domain, nicename, one_line(text)))
        elif name == "wp:postmeta":
            fields = {local_name(part.tag): part.text or "" for part in child}
            key, value = fields.get("wp:meta_key", "").strip(), fields.get("wp:meta_value", "")
            if too_long(key) or too_long(value, MAX_TEXT_CHARS):
                item.left_out.append(f"Metadaten „{preview(key)}“ {too_long(key) or too_long(value, MAX_TEXT_CHARS)}")
            elif key:
                item.meta[key] = value
    for key, value in values.items():
        setattr(item, key, value)
    for key in ("title", "creator", "post_name", "status", "date", "date_gmt", "link", "guid", "attachment_url"):
        setattr(item, key, one_line(getattr(item, key)))
    if item.wp_id <= 0 and post_id.strip():
        refused.append(
            Refusal(
                item.title, None, f"WordPress-ID „{preview(post_id)}“ ist keine Zahl bis 18 Stellen: nicht übernommen"
            )
        )
    return item if item.wp_id > 0 else None


def _term(element, kind: str, refused: list[Refusal]) -> Term | None:
    fields = {local_name(child.tag): child.text or "" for child in element}
    if kind == "category":
        slug, name, parent = (
            fields.get("wp:category_nicename", ""),
            fields.get("wp:cat_name", ""),
            fields.get("wp:category_parent", ""),
        )
    else:
        slug, name, parent = fields.get("wp:tag_slug", ""), fields.get("wp:tag_name", ""), ""
    term_id = _int(fields.get("wp:term_id", "")) or None
    if problem := too_long(name) or too_long(slug) or too_long(parent):
        what = "Kategorie" if kind == "category" else "Schlagwort"
        field_name = "Name" if too_long(name) else "Kurzname"
        refused.append(Refusal(preview(name or slug), term_id, f"{what} nicht übernommen: {field_name} {problem}"))
        return None
    slug = one_line(slug)
    return Term(kind, term_id, slug, one_line(name) or slug, one_line(parent))


def _author(element, refused: list[Refusal]) -> Author | None:
    fields = {local_name(child.tag): child.text or "" for child in element}
    if any(too_long(value) for value in fields.values()):
        login = fields.get("wp:author_login", "")
        refused.append(Refusal(preview(login), None, "Autorin/Autor nicht übernommen: eine Angabe ist zu lang"))
        return None
    fields = {name: one_line(value) for name, value in fields.items()}
    return Author(
        login=fields.get("wp:author_login", ""),
        display_name=fields.get("wp:author_display_name", ""),
        first_name=fields.get("wp:author_first_name", ""),
        last_name=fields.get("wp:author_last_name", ""),
    )


def read_export(path) -> Export:
    """Read the export at `path`; raise WXRError (German message) if it cannot be imported as a whole."""
    try:
        with open(path, "rb") as file:
            start = file.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as error:
        raise WXRError(f"Die Datei kann nicht gelesen werden: {error.strerror or error}.") from error
    if not start.startswith(b"<"):
        raise WXRError("Die Datei ist keine XML-Datei und damit kein WordPress-Export (WXR).")
    try:
        return _read(path)
    except defusedxml.DTDForbidden as error:
        raise WXRError(
            "Die Datei enthält eine Dokumenttyp-Deklaration (DOCTYPE) mit möglichen Entitäten; "
            "WordPress-Exporte haben keine. Aus Sicherheitsgründen wird sie nicht gelesen."
        ) from error
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden) as error:
        raise WXRError(
            "Die Datei definiert eigene oder externe Entitäten; aus Sicherheitsgründen wird sie nicht gelesen."
        ) from error
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        if "no element found" in str(error) or "unclosed token" in str(error):
            raise WXRError(
                f"Die Exportdatei ist unvollständig (endet in Zeile {line}, Spalte {column}); "
                "bitte den Export in WordPress noch einmal erstellen."
            ) from error
        raise WXRError(
            f"Die Exportdatei ist kein gültiges XML (Zeile {line}, Spalte {column}); bitte den Export prüfen."
        ) from error


# One-line fields of the export's head: too long, the export as a whole is not one.
_HEAD_FIELDS = {"wp:wxr_version", "wp:base_blog_url", "wp:base_site_url", "title"}


def _read(path) -> Export:
    export = Export(version="")
    root = None
    items_started = False
    for event, element in iterparse(path, events=("start", "end"), forbid_dtd=True):
        if event == "start":
            if root is None:
                root = element
                if local_name(element.tag) != "rss":
                    raise WXRError(
                        "Die Datei ist XML, aber kein WordPress-Export (WXR): das Wurzelelement ist kein <rss>."
                    )
            items_started = items_started or local_name(element.tag) == "item"
            continue
        name = local_name(element.tag)
        if name == "item":
            item = _item(element, export.refused)
            if item is not None:
                export.items.append(item)
            element.clear()
        elif name in ("wp:category", "wp:tag"):
            term = _term(element, name.removeprefix("wp:"), export.refused)
            if term is not None:
                export.terms.append(term)
            element.clear()
        elif name == "wp:author":
            author = _author(element, export.refused)
            if author is not None and author.login:
                export.authors[author.login] = author
            element.clear()
        elif name in _HEAD_FIELDS and not items_started and too_long(element.text or ""):
            raise WXRError(
                f"Die Angabe {name} im Kopf des Exports ist {too_long(element.text or '')}; "
                "ein WordPress-Export hat dort eine Adresse oder einen Namen."
            )
        elif name == "wp:wxr_version":
            export.version = (element.text or "").strip()
            if export.version not in SUPPORTED_VERSIONS:
                raise WXRError(
                    f"Die WXR-Version „{export.version[:20]}“ wird nicht unterstützt "
                    f"(unterstützt: {', '.join(SUPPORTED_VERSIONS)})."
                )
        elif name in ("wp:base_blog_url", "wp:base_site_url"):
            export.base_urls.append(one_line(element.text or ""))
            if name == "wp:base_blog_url" or not export.base_url:
                export.base_url = export.base_urls[-1]
        elif name == "title" and not items_started and not export.title:
            export.title = one_line(element.text or "")
    if not export.version:
        raise WXRError("Die Datei ist kein WordPress-Export (WXR): die Angabe wp:wxr_version fehlt.")
    return export
