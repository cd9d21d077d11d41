"""Synthetic articles for load tests (`seed_demo --articles N`): plausible German headlines, leads and bodies
from word lists, inserted in batches, one transaction each."""

import random
import secrets
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article, ArticleType, Keyword, KeywordedArticle, Section
from articles.search import refresh_search_index, search_vector_sql
from core.richtext import sanitize_body
from portals.models import Portal

from . import content
from .pictures import create_library_image
from .seeding import ensure_article_types, ensure_sections, german_number

LOAD_TEST_IMAGES = 6
LOAD_TEST_SPAN_DAYS = 3 * 365

# Word material for load-test articles. The grammar is simple on purpose: every "thing" is an accusative.
LOAD_TEST_TOPICS = [
    "Digitalisierung",
    "E-Government",
    "Onlinezugangsgesetz",
    "Registermodernisierung",
    "Künstliche Intelligenz",
    "Öffentliche Verwaltung",
    "Bürgerportal",
    "E-Akte",
    "Cloud",
    "Open Data",
    "IT-Sicherheit",
    "Datenschutz",
    "Schul-IT",
    "Digitaler Bauantrag",
    "Smart City",
    "Breitband",
    "Fachkräfte",
    "Open Source",
    "Digitale Souveränität",
    "Barrierefreiheit",
    "Bürgerservice",
    "Interkommunale Zusammenarbeit",
    "Vergabe",
    "Förderprogramm",
    "Gesundheitsamt",
    "Kfz-Zulassung",
    "Wohngeld",
    "Ratsinformationssystem",
    "Geodaten",
    "Chatbot",
    "Digitale Identität",
    "E-Rechnung",
    "Haushalt",
    "Landesverwaltung",
    "Kommunen",
    "Nachhaltigkeit",
    "Prozessoptimierung",
    "Verwaltungsmodernisierung",
    "Standards",
    "Interoperabilität",
]
PLACE_PREFIXES = ["", "Ober", "Unter", "Neu", "Alt", "Groß", "Klein", "Hohen"]
PLACE_STEMS = [
    "birkenau",
    "lindental",
    "eichenbühl",
    "weidenbrück",
    "tannhausen",
    "mühlbach",
    "rosenfeld",
    "wiesental",
    "buchholz",
    "erlenried",
    "falkenau",
    "hirschwang",
    "kranichfeld",
    "steinhöfel",
    "sonnewalde",
    "ahornstadt",
    "quellingen",
    "ährenfeld",
    "ölbachtal",
    "ulmenhain",
]
LOAD_TEST_THINGS = [
    "die E-Akte",
    "digitale Bauanträge",
    "ein neues Bürgerportal",
    "einen KI-Assistenten",
    "offene Daten",
    "die Online-Terminvergabe",
    "Cloud-Arbeitsplätze",
    "digitale Ratsarbeit",
    "Tablets für alle Schulen",
    "ein Open-Data-Portal",
    "den digitalen Wohngeldantrag",
    "elektronische Rechnungen",
    "Glasfaser für Schulen",
    "einen Chatbot im Bürgerservice",
    "ein neues Sicherheitskonzept",
    "eine gemeinsame Lernplattform",
    "digitale Meldebescheinigungen",
    "einen Mängelmelder",
]
HEADLINE_TEMPLATES = [
    "{place} führt {thing} ein",
    "{place} investiert in {thing}",
    "{place} testet {thing}",
    "{place} setzt auf {thing}",
    "{place} plant {thing} bis Jahresende",
    "Verwaltung in {place} erprobt {thing}",
]
LEAD_TEMPLATES = [
    "Die Verwaltung in {place} hat {thing} eingeführt. Nach den ersten Wochen fällt die Bilanz gemischt aus.",
    "In {place} testet die Verwaltung {thing}, um den Alltag im Rathaus zu erleichtern. Der Pilotversuch läuft seit dem Frühjahr.",
    "Mit rund {amount} € will {place} {thing} voranbringen. Der Rat hat dem Vorhaben zugestimmt.",
    "Bürgerinnen und Bürger in {place} bekommen {thing}. Die Stadt verspricht kürzere Wege.",
]
BODY_SENTENCES = [
    "Das Projekt wurde gemeinsam mit dem kommunalen IT-Dienstleister geplant.",
    "Die Beschäftigten wurden vorab in mehreren Workshops geschult.",
    "Nach Angaben der Verwaltung sinkt die Bearbeitungszeit deutlich.",
    "Der Personalrat war von Beginn an eingebunden.",
    "Die Kosten tragen Land und Kommune gemeinsam.",
    "Für Rückfragen ist eine Servicehotline eingerichtet.",
    "Wer keinen Internetzugang hat, kann Anträge weiterhin im Bürgerbüro stellen.",
    "Die Daten werden ausschließlich in einem deutschen Rechenzentrum verarbeitet.",
    "Andere Kommunen haben bereits Interesse an der Lösung angemeldet.",
    "Im kommenden Jahr sollen weitere Leistungen folgen.",
    "Der Quellcode steht unter einer offenen Lizenz zur Verfügung.",
    "Kritik gab es zunächst an der Bedienbarkeit der Oberfläche.",
    "Eine Umfrage unter Nutzerinnen und Nutzern fiel überwiegend positiv aus.",
    "Die Einführung erfolgt schrittweise, Amt für Amt.",
    "Papierakten werden nach und nach eingescannt und archiviert.",
    "„Wir lernen jeden Tag dazu“, heißt es aus der Projektgruppe.",
    "Die Umstellung soll bis zum Jahresende abgeschlossen sein.",
    "Auch die Barrierefreiheit wurde von einer externen Stelle geprüft.",
]
SUBHEADINGS = ["Wie es weitergeht", "Erste Erfahrungen", "Kritik und Lob", "Blick in die Praxis"]
AUTHOR_SHORTHANDS = ["mk", "sr", "jh", "al", "tf", "ne", "ck", "db", "lw", "pb"]
LOAD_TEST_COLORS = [
    ("#0b3d5c", "#3a8fb7"),
    ("#f2994a", "#5b3a6b"),
    ("#11998e", "#38ef7d"),
    ("#283c86", "#45a247"),
    ("#cc2b5e", "#753a88"),
    ("#f7971e", "#ffd200"),
]


def load_test_keyword_names() -> list[str]:
    """About 200 keywords: the topics plus invented place names such as „Oberbirkenau“."""
    places = [prefix + stem if prefix else stem.capitalize() for prefix in PLACE_PREFIXES for stem in PLACE_STEMS]
    return LOAD_TEST_TOPICS + places


def ensure_keywords(names: list[str]) -> list[int]:
    """Ids of the keywords called `names`, creating missing ones in bulk with unique slugs."""
    # Names compare case-insensitively, as TAGGIT_CASE_INSENSITIVE makes taggit do.
    known_names = {name.lower() for name in Keyword.objects.values_list("name", flat=True)}
    taken_slugs = set(Keyword.objects.values_list("slug", flat=True))
    missing = []
    for name in names:
        if name.lower() in known_names:
            continue
        keyword = Keyword(name=name)
        slug, attempt = keyword.slugify(name), 1
        while slug in taken_slugs:
            slug, attempt = keyword.slugify(name, attempt), attempt + 1
        keyword.slug = slug
        taken_slugs.add(slug)
        known_names.add(name.lower())
        missing.append(keyword)
    Keyword.objects.bulk_create(missing)
    by_name = {name.lower(): pk for pk, name in Keyword.objects.values_list("pk", "name")}
    return [by_name[name.lower()] for name in names]


def insert_articles(articles: list[Article]) -> None:
    """PostgreSQL: the batch in one `INSERT … SELECT … FROM UNNEST(one array per column)` that computes each
    row's search vector, so each row is written once. bulk_create sends every value (and, for the vector, every
    text once more) as its own parameter: 28 a row, which psycopg splits on the client and the server plans row
    by row; that cost more CPU than the rows themselves. Values are prepared as bulk_create prepares them."""
    fields = [
        field for field in Article._meta.concrete_fields if not field.primary_key and field.name != "search_vector"
    ]
    for article in articles:
        article.body = sanitize_body(article.body)
    columns = [[field.get_db_prep_save(field.pre_save(a, True), connection) for a in articles] for field in fields]
    quote = connection.ops.quote_name
    names = [f"c{number}" for number in range(len(fields))]
    by_field = {field.name: name for field, name in zip(fields, names, strict=True)}
    arrays = ", ".join(f"%s::{field.db_type(connection).split('(')[0]}[]" for field in fields)
    vector = search_vector_sql(*(f"v.{by_field[name]}" for name in ("headline", "kicker", "lead", "body")))
    sql = (
        f"INSERT INTO {quote(Article._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}, search_vector) "
        f"SELECT {', '.join(f'v.{name}' for name in names)}, {vector} "
        f"FROM UNNEST({arrays}) WITH ORDINALITY AS v({', '.join(names)}, position) ORDER BY v.position RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, columns)
        ids = [row[0] for row in cursor.fetchall()]
    for article, pk in zip(articles, ids, strict=True):
        article.pk = pk
        article._state.adding = False


@contextmanager
def search_index_set_aside(new_articles: int):
    """PostgreSQL: for a bulk load that is large next to the table, drop the search index and build it again once
    afterwards. Keeping the RUM index current row by row took half the load (10,000 articles: 57 s with it, 28 s
    without, 1.4 s to build it over 20,000); building it costs in proportion to the whole table, hence the ratio.
    Not inside a caller's transaction, which would hold the table's lock for the whole load."""
    indexes = []
    set_aside = connection.vendor == "postgresql" and not connection.in_atomic_block
    if set_aside and new_articles * 20 >= Article.objects.count():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
                [Article._meta.db_table, "%search_vector%"],
            )
            indexes = cursor.fetchall()
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        # Also after a cancelled or failed run: the search never goes without its index.
        with connection.cursor() as cursor:
            for _name, definition in indexes:
                cursor.execute(definition)


def unused_slug_prefix() -> str:
    """A random slug prefix that no article uses yet, so generated slugs cannot collide."""
    while True:
        prefix = f"lasttest-{secrets.token_hex(4)}-"
        if not Article.objects.filter(slug__startswith=prefix).exists():
            return prefix


def synthetic_body(rng: random.Random) -> str:
    # Sentences are drawn once for the whole body, so none repeats within an article.
    sizes = [rng.randint(2, 3) for _ in range(rng.randint(3, 5))]
    sentences = iter(rng.sample(BODY_SENTENCES, sum(sizes)))
    blocks = []
    for number, size in enumerate(sizes):
        if number == 2 and rng.random() < 0.3:
            blocks.append(f"<h2>{rng.choice(SUBHEADINGS)}</h2>")
        blocks.append(f"<p>{' '.join(next(sentences) for _ in range(size))}</p>")
    return "".join(blocks)


def create_load_test_articles(
    count: int, *, batch_size: int, seed: int | None, progress: Callable[[int, int, str], None]
) -> None:
    """Append `count` published articles in batches; `progress(done, total, slug_prefix)` after each batch."""
    rng = random.Random(seed)
    with transaction.atomic():
        # The first portal's sections: load-test articles live on the installation's own portal.
        sections = list(Section.objects.filter(portal=Portal.objects.default())) or list(ensure_sections().values())
        types = list(ArticleType.objects.all()) or list(ensure_article_types().values())
        keyword_ids = ensure_keywords(load_test_keyword_names())
        images = [
            create_library_image(
                alt_text=f"Illustration für Lasttests: Motiv „{motif}“ auf Farbverlauf",
                caption="Platzhalterbild für Lasttests",
                credit="Newsroom-Lasttest / Grafik: automatisch erzeugt",
                colors=LOAD_TEST_COLORS[number],
                motif=motif,
                seed=1000 + number,
                filename=f"lasttest-{motif}.jpg",
            )
            for number, motif in enumerate(rng.sample(content.MOTIFS, LOAD_TEST_IMAGES))
        ]
    # Plain news dominate, as on the real portal.
    type_weights = [1 if article_type.shows_badge else 6 for article_type in types]
    places = load_test_keyword_names()[len(LOAD_TEST_TOPICS) :]
    prefix = unused_slug_prefix()
    now = timezone.now()
    span_seconds = LOAD_TEST_SPAN_DAYS * 24 * 3600

    progress(0, count, prefix)
    with search_index_set_aside(count):
        for batch_start in range(0, count, batch_size):
            numbers = range(batch_start, min(batch_start + batch_size, count))
            articles = []
            for number in numbers:
                place, thing = rng.choice(places), rng.choice(LOAD_TEST_THINGS)
                articles.append(
                    Article(
                        kicker=place if rng.random() < 0.6 else rng.choice(LOAD_TEST_TOPICS),
                        headline=rng.choice(HEADLINE_TEMPLATES).format(place=place, thing=thing),
                        slug=f"{prefix}{number + 1}",
                        lead=rng.choice(LEAD_TEMPLATES).format(
                            place=place, thing=thing, amount=german_number(rng.randrange(50, 5000) * 1000)
                        ),
                        body=synthetic_body(rng),
                        author_shorthand=rng.choice(AUTHOR_SHORTHANDS),
                        section=rng.choice(sections),
                        article_type=rng.choices(types, weights=type_weights)[0],
                        lead_image=rng.choice(images) if rng.random() < 0.9 else None,
                        status=Article.Status.PUBLISHED,
                        published_at=now - timedelta(seconds=rng.randint(60, span_seconds)),
                    )
                )
            # One transaction per batch: a cancelled run keeps what is done and never holds one huge lock.
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    insert_articles(articles)
                else:
                    Article.objects.bulk_create(articles)
                if any(article.pk is None for article in articles):
                    # Databases that cannot return ids from a bulk insert: look them up by slug.
                    ids = dict(Article.objects.filter(slug__in=[a.slug for a in articles]).values_list("slug", "pk"))
                    for article in articles:
                        article.pk = ids[article.slug]
                KeywordedArticle.objects.bulk_create(
                    KeywordedArticle(content_object_id=article.pk, tag_id=keyword_id, position=position)
                    for article in articles
                    for position, keyword_id in enumerate(rng.sample(keyword_ids, rng.randint(2, 5)))
                )
                if connection.vendor != "postgresql":
                    # bulk_create skips Article.save(), which keeps SQLite's search table current; on
                    # PostgreSQL the insert has computed each search vector already.
                    refresh_search_index(article.pk for article in articles)
            progress(numbers.stop, count, prefix)
