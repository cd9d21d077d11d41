"""Full-text search over articles, one interface for both databases.

PostgreSQL: a stored `tsvector` (German configuration; headline and kicker weight A, lead B, body C) in
`Article.search_vector` with a GIN index. SQLite: an FTS5 table `articles_search` (rowid = article id) with the
same four columns finds the matches; they are ranked by where the words occur (headline or kicker above lead
above body).

The index is kept current by `Article.save()` and, for bulk writes, by calling `refresh_search_index(ids)`.

Scaling: ranking every match of a common word costs time in proportion to the archive. A news search ranks the
newest `SEARCH_CANDIDATES` matches instead (found through the index, newest first), so a request costs about the
same at 1,000 and at 100,000 articles.
"""

import re
from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, FloatField, Func, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .richtext import plain_text

SEARCH_CONFIG = "german"
SEARCH_CANDIDATES = 1000
SQLITE_TABLE = "articles_search"
SNIPPET_LENGTH = 220
# Words the reader typed: letters, digits and inner hyphens ("E-Akte", "Onlinezugangsgesetz").
WORD = re.compile(r"\w+(?:-\w+)*")


def search_words(text: str) -> list[str]:
    return WORD.findall(text)[:20]


def _plain_body() -> Func:
    # Tags out before indexing, so "<p>" never matches a search for "p".
    return Func(
        F("body"), Value("<[^>]+>"), Value(" "), Value("g"), function="regexp_replace", output_field=TextField()
    )


def _postgres_vector() -> SearchVector:
    return (
        SearchVector("headline", "kicker", weight="A", config=SEARCH_CONFIG)
        + SearchVector("lead", weight="B", config=SEARCH_CONFIG)
        + SearchVector(_plain_body(), weight="C", config=SEARCH_CONFIG)
    )


def refresh_search_index(article_ids: Iterable[int]) -> None:
    """Rebuild the search entries of these articles from their current text."""
    from .models import Article

    ids = list(article_ids)
    if not ids:
        return
    if connection.vendor == "postgresql":
        Article.objects.filter(pk__in=ids).update(search_vector=_postgres_vector())
        return
    rows = Article.objects.filter(pk__in=ids).values_list("pk", "kicker", "headline", "lead", "body")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SQLITE_TABLE} WHERE rowid IN ({','.join(['%s'] * len(ids))})", ids)
        cursor.executemany(
            f"INSERT INTO {SQLITE_TABLE} (rowid, kicker, headline, lead, body) VALUES (%s, %s, %s, %s, %s)",
            [(pk, kicker, headline, lead, plain_text(body)) for pk, kicker, headline, lead, body in rows],
        )


def _tsquery(words: list[str]) -> str:
    # Each word is stemmed by the German configuration and then matched as a prefix, since the stemmer alone
    # keeps "Digitalisierung" (digitalisier) and "digitalisierten" (digitalisiert) apart. Words hold only
    # letters and digits here, and each is quoted, so no tsquery operator typed by a reader survives.
    parts = [part for word in words for part in re.split(r"[-_]+", word) if part]
    return " & ".join(f"'{part}':*" for part in parts)


def _fts5_query(words: list[str]) -> str:
    # Every word quoted, so FTS5 operators and punctuation typed by a reader are plain text; a trailing `*`
    # makes each a prefix, the closest SQLite gets to stemming ("Bauantrag" finds "Bauanträge" only by prefix).
    return " ".join('"{}"*'.format(word.replace('"', "")) for word in words)


def search(queryset: QuerySet, text: str) -> QuerySet:
    """The articles of `queryset` matching `text`, best first, annotated with `rank` (higher is better)."""
    words = search_words(text)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        query = SearchQuery(_tsquery(words), config=SEARCH_CONFIG, search_type="raw")
        matches = queryset.filter(search_vector=query)
        rank = SearchRank(F("search_vector"), query)
    else:
        match = _fts5_query(words)
        ids = RawSQL(f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s", [match])
        matches = queryset.filter(pk__in=ids)
        # Ranking in SQL by where each word occurs; a correlated bm25() would run the full-text query once per
        # candidate, which for prefix queries costs seconds at 100,000 articles.
        rank = sum(
            (
                Case(
                    When(Q(headline__icontains=word) | Q(kicker__icontains=word), then=Value(4.0)),
                    When(lead__icontains=word, then=Value(2.0)),
                    default=Value(1.0),
                    output_field=FloatField(),
                )
                for word in words
            ),
            start=Value(0.0),
        )
    # Fetched once here, not left as a subquery: the count and the page would each repeat the full-text query.
    newest = list(matches.order_by("-published_at").values_list("pk", flat=True)[:SEARCH_CANDIDATES])
    return queryset.filter(pk__in=newest).annotate(rank=rank).order_by("-rank", "-published_at", "-pk")


def snippet(article, text: str, length: int = SNIPPET_LENGTH) -> SafeString:
    """A passage of lead and body around the first match, escaped, with the matched words in <mark>; "" without."""
    plain = " ".join(f"{article.lead} {plain_text(article.body)}".split())
    words = search_words(text)
    # A word matches from its stem on: "Digitalisierung" marks "digitalisierten" as PostgreSQL finds it.
    stems = sorted({word[: max(4, len(word) - 4)] for word in words}, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(stem) for stem in stems) + r")[\w-]*", re.IGNORECASE)
    first = pattern.search(plain) if words else None
    if first is None:
        # The match is in kicker or headline, which the teaser shows anyway.
        return mark_safe("")
    start = max(0, first.start() - length // 3)
    if start:
        # Begin at a word boundary.
        start = plain.find(" ", start) + 1 or start
    passage = plain[start : start + length]
    pieces, position = [], 0
    for found in pattern.finditer(passage):
        pieces.append(escape(passage[position : found.start()]))
        pieces.append(f"<mark>{escape(found.group())}</mark>")
        position = found.end()
    pieces.append(escape(passage[position:]))
    prefix = "… " if start else ""
    suffix = " …" if start + length < len(plain) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # every piece escaped above
