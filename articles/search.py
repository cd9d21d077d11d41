"""Full-text search over articles, one interface for both databases.

PostgreSQL: a stored `tsvector` (German configuration; headline and kicker weight A, lead B, body C) in
`Article.search_vector` with a RUM index that keeps each article's publication date beside its words. SQLite: an
FTS5 table `articles_search` with the same four columns finds the matches; they are ranked by where the words occur
(headline or kicker above lead above body).

The index is kept current by `Article.save()` and, for bulk writes, by calling `refresh_search_index(ids)`.

Scaling: ranking every match of a common word costs time in proportion to the archive. A news search ranks the
newest `SEARCH_CANDIDATES` matches instead, so a request costs about the same at 1,000 and at 100,000 articles.
Both databases read those newest matches from the index in date order, and stop as soon as enough have passed the
other filters: SQLite because the FTS5 rowid is the publication order (see `sqlite_rowid`), PostgreSQL because
the RUM index orders by the date it holds (see `TimeBefore`)."""

import itertools
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import BooleanField, Case, DateTimeField, F, FloatField, Func, Q, QuerySet, TextField, Value, When
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.richtext import plain_text

SEARCH_CONFIG = "german"
# Ten pages of results: enough for a reader, and few enough to rank quickly on either database.
SEARCH_CANDIDATES = 200
SQLITE_TABLE = "articles_search"
# Which FTS5 rowid each article has, so that its row can be replaced when the article changes.
SQLITE_ROWIDS = "articles_search_rowid"
# FTS5 rowid = seconds from 1900 to publication × ID_SPACE + article id: newest first is rowid order, and
# the article id is the remainder. 2**36 seconds reach into the year 4077, 2**26 ids are 67 million articles;
# dates outside that range are clamped (they then sort with its ends), so the rowid always fits in 63 bits.
ID_SPACE = 2**26
MAX_SECONDS = 2**36 - 1
EPOCH = datetime(1900, 1, 1, tzinfo=UTC)
SNIPPET_LENGTH = 220
# Words the reader typed: letters, digits and inner hyphens ("E-Akte", "Onlinezugangsgesetz"). At most
# MAX_WORDS of them, each cut at MAX_WORD_CHARS (the longest German compounds have some 60 letters): the query, its
# stems and the snippet's pattern stay small whatever was typed or sent.
WORD = re.compile(r"\w+(?:-\w+)*")
MAX_WORDS = 20
MAX_WORD_CHARS = 100


def search_words(text: str) -> list[str]:
    return [word.group()[:MAX_WORD_CHARS] for word in itertools.islice(WORD.finditer(text), MAX_WORDS)]


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


# The vector of `_postgres_vector` as SQL over four column expressions (headline, kicker, lead, body), so that an
# INSERT … SELECT computes it (seed_demo's bulk load); tests/demo/test_seed_demo.py pins that both give the same vector.
_VECTOR_SQL = (
    f"setweight(to_tsvector('{SEARCH_CONFIG}', COALESCE(%s::text, '') || ' ' || COALESCE(%s::text, '')), 'A')"
    f" || setweight(to_tsvector('{SEARCH_CONFIG}', COALESCE(%s::text, '')), 'B')"
    f" || setweight(to_tsvector('{SEARCH_CONFIG}', COALESCE(regexp_replace(%s::text, '<[^>]+>', ' ', 'g'), '')), 'C')"
)


def search_vector_sql(headline: str, kicker: str, lead: str, body: str) -> str:
    """The same vector as SQL over four column expressions (an INSERT … SELECT computes it per row)."""
    return _VECTOR_SQL % (headline, kicker, lead, body)


def sqlite_rowid(article_id: int, published_at: datetime) -> int:
    """The article's FTS5 rowid: ordered by publication, then by id."""
    seconds = int((published_at - EPOCH).total_seconds())
    return min(max(seconds, 0), MAX_SECONDS) * ID_SPACE + article_id


def refresh_search_index(article_ids: Iterable[int]) -> None:
    """Rebuild the search entries of these articles from their current text; deleted articles lose theirs."""
    from .models import Article

    ids = list(article_ids)
    if not ids:
        return
    if connection.vendor == "postgresql":
        Article.objects.filter(pk__in=ids).update(search_vector=_postgres_vector())
        return
    rows = Article.objects.filter(pk__in=ids).values_list("pk", "published_at", "kicker", "headline", "lead", "body")
    placeholders = ",".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {SQLITE_TABLE} WHERE rowid IN "
            f"(SELECT search_rowid FROM {SQLITE_ROWIDS} WHERE article_id IN ({placeholders}))",
            ids,
        )
        cursor.execute(f"DELETE FROM {SQLITE_ROWIDS} WHERE article_id IN ({placeholders})", ids)
        write_sqlite_entries(cursor, [(*row[:5], plain_text(row[5])) for row in rows])


def rebuild_search_index() -> None:
    """Every article's entry anew: after a restore (registered with backups in apps.py)."""
    from .models import Article

    refresh_search_index(Article.objects.values_list("pk", flat=True))


def forget_deleted_article(sender, instance, **kwargs) -> None:
    """post_delete: a deleted article leaves no row in the SQLite index (PostgreSQL's lives in the article)."""
    if connection.vendor == "sqlite":
        refresh_search_index([instance.pk])


def write_sqlite_entries(cursor, entries: list[tuple]) -> None:
    """Add FTS5 rows and record their rowids; entries: (article id, published_at, kicker, headline, lead, text)."""
    rows = [(sqlite_rowid(pk, published_at), pk, *text) for pk, published_at, *text in entries]
    cursor.executemany(
        f"INSERT INTO {SQLITE_TABLE} (rowid, kicker, headline, lead, body) VALUES (%s, %s, %s, %s, %s)",
        [(rowid, *text) for rowid, _, *text in rows],
    )
    cursor.executemany(
        f"INSERT INTO {SQLITE_ROWIDS} (article_id, search_rowid) VALUES (%s, %s)",
        [(pk, rowid) for rowid, pk, *_ in rows],
    )


def _query_parts(words: list[str]) -> list[str]:
    # "E-Akte" is two words for the German parser, so it is searched as two.
    return [part for word in words for part in re.split(r"[-_]+", word) if part]


def _tsquery(parts: list[str]) -> str:
    # Each word is stemmed by the German configuration and then matched as a prefix, since the stemmer alone
    # keeps "Digitalisierung" (digitalisier) and "digitalisierten" (digitalisiert) apart. Words hold only
    # letters and digits here, and each is quoted, so no tsquery operator typed by a reader survives.
    return " & ".join(f"'{part}':*" for part in parts)


def _fts5_query(words: list[str]) -> str:
    # Every word quoted, so FTS5 operators and punctuation typed by a reader are plain text; a trailing `*`
    # makes each a prefix, the closest SQLite gets to stemming ("Bauantrag" finds "Bauanträge" only by prefix).
    return " ".join('"{}"*'.format(word.replace('"', "")) for word in words)


def _sqlite_rank(words: list[str]):
    """Where each word occurs: headline or kicker 4, lead 2, body 1 (FTS5's bm25() would search once more)."""
    return sum(
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


class TimeBefore(Func):
    """RUM's `date <=| moment`: how long before `moment` the date lies (infinity after it). Ordered by it, the RUM
    index on (search_vector, published_at) hands out a search's matches newest first, so the LIMIT stops the
    reading, where GIN would collect and sort every match. Articles of the same moment come in the index's order;
    `ranked_ids` breaks that tie by id."""

    arg_joiner = " <=| "
    template = "(%(expressions)s)"
    output_field = FloatField()


def _rarest_part(queryset: QuerySet, parts: list[str]) -> str | None:
    """The typed word in the fewest articles, by PostgreSQL's statistics of the vector column (its most common
    lexemes and their shares; a word not among them is rarer than all of them). Stemmed by `german_stem`, the
    dictionary of the `german` configuration. None when every word is a stop word."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH common AS (
                SELECT mce.lexeme, mce.share
                FROM pg_stats AS stats,
                    unnest(stats.most_common_elems::text::text[], stats.most_common_elem_freqs) AS mce (lexeme, share)
                WHERE stats.schemaname = current_schema() AND stats.tablename = %s AND stats.attname = 'search_vector'
            )
            SELECT typed.part
            FROM unnest(%s::text[]) WITH ORDINALITY AS typed (part, position)
                CROSS JOIN LATERAL unnest(ts_lexize('german_stem', lower(typed.part))) AS stem
            ORDER BY (SELECT coalesce(sum(share), 0) FROM common WHERE starts_with(lexeme, stem)), typed.position
            LIMIT 1
            """,
            [queryset.model._meta.db_table, parts],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _matching(queryset: QuerySet, parts: list[str], tsquery: str) -> QuerySet:
    """The articles that contain every word. The RUM index reads every article of each word it is asked for,
    so it is asked for the rarest word only ("Bauanträge", not "digitale"), and the rest is checked on the few
    rows it hands out (`ts_match_vq` is `@@` in a form the planner does not give to an index)."""
    everything = SearchQuery(tsquery, config=SEARCH_CONFIG, search_type="raw")
    rarest = _rarest_part(queryset, parts) if len(parts) > 1 else None
    if rarest is None:
        return queryset.filter(search_vector=everything)
    return queryset.filter(
        Func(F("search_vector"), everything, function="ts_match_vq", output_field=BooleanField()),
        search_vector=SearchQuery(_tsquery([rarest]), config=SEARCH_CONFIG, search_type="raw"),
    )


def _ranked_newest_postgres(queryset: QuerySet, words: list[str]) -> list[tuple]:
    parts = _query_parts(words)
    tsquery = _tsquery(parts)
    newest = (
        _matching(queryset, parts, tsquery)
        .order_by(TimeBefore("published_at", Value(timezone.now(), output_field=DateTimeField())))
        .values_list("pk", "published_at", "search_vector")[: SEARCH_CANDIDATES + 1]
    )
    sql, params = newest.query.sql_with_params()
    # ts_rank outside the LIMIT: it then reads the vectors of the candidates only, not of every match.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT newest.id, newest.published_at, ts_rank(newest.search_vector, to_tsquery(%s::regconfig, %s)) "
            f"FROM ({sql}) AS newest (id, published_at, search_vector)",
            [SEARCH_CONFIG, tsquery, *params],
        )
        return cursor.fetchall()


def _ranked_newest_sqlite(queryset: QuerySet, words: list[str]) -> list[tuple]:
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    # Joined by the id inside the rowid and read in rowid order, so SQLite walks the index newest first, looks up
    # only as many articles as it takes to pass the filters, and ranks only those: no sorting of all matches.
    newest = queryset.extra(
        tables=[SQLITE_TABLE],
        where=[f"{SQLITE_TABLE} MATCH %s", f"{table}.id = {SQLITE_TABLE}.rowid %% {ID_SPACE}"],
        params=[_fts5_query(words)],
        order_by=[f"-{SQLITE_TABLE}.rowid"],
    )
    return list(
        newest.annotate(rank=_sqlite_rank(words)).values_list("pk", "published_at", "rank")[: SEARCH_CANDIDATES + 1]
    )


def ranked_ids(queryset: QuerySet, text: str) -> list[int]:
    """Ids of the newest SEARCH_CANDIDATES + 1 matches of `text` within `queryset`, best first (by rank, then
    newest). One query (PostgreSQL asks its statistics first when several words are typed); a list of full length
    means there are more matches than are ranked."""
    words = search_words(text)
    if not words:
        return []
    ranked = (_ranked_newest_postgres if connection.vendor == "postgresql" else _ranked_newest_sqlite)(queryset, words)
    ranked.sort(key=lambda row: (row[2], row[1], row[0]), reverse=True)
    return [pk for pk, _, _ in ranked]


class SearchResults(Sequence):
    """Ranked matches as a paginator needs them: their number, and each page's articles fetched by id."""

    def __init__(self, queryset: QuerySet, ids: list[int]):
        self.queryset, self.ids = queryset, ids

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        ids = self.ids[index]
        found = self.queryset.in_bulk(ids)
        # in the ranked order; an article unpublished since the ranking is left out
        return [found[pk] for pk in ids if pk in found]


def search(queryset: QuerySet, text: str) -> SearchResults:
    """The articles of `queryset` matching `text`, best first: the newest SEARCH_CANDIDATES + 1 matches, ranked."""
    return SearchResults(queryset, ranked_ids(queryset, text))


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
