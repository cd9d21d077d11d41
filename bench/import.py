"""WordPress import speed: seconds per 1,000 posts at 1,000 and 20,000 synthetic posts (WXR 1.2, no images).

Runs on a throwaway SQLite database (never the project's db.sqlite3): `make bench`, or
`DEBUG=true .venv/bin/python bench/import.py`. Each size starts from an empty database (flush). Target: linear, and
at least 200 posts a second. The posts are generated, in WordPress's own markup: classic posts (wpautop
paragraphs, [caption] and [gallery] shortcodes) and block-editor posts, 3 of 12 categories, 4 of 300 tags each.
"""

import random
import sys
import tempfile
import time
from pathlib import Path

from _sandbox import throwaway_django

throwaway_django("bench-import-")

from django.core.management import call_command  # noqa: E402

from articles.models import Article, ArticleRedirect  # noqa: E402
from wordpress.importer import Importer, Options  # noqa: E402
from wordpress.wxr import read_export  # noqa: E402

SIZES = (1_000, 20_000)
CATEGORIES = [f"kategorie-{n}" for n in range(12)]
TAGS = [f"Schlagwort {n}" for n in range(300)]
WORDS = [
    "Verwaltung",
    "Digitalisierung",
    "Bürgerportal",
    "Antrag",
    "Kommune",
    "Land",
    "Bund",
    "Gesetz",
    "Verfahren",
    "Amt",
    "Behörde",
    "Daten",
    "Schnittstelle",
    "Plattform",
    "Sicherheit",
    "Cloud",
    "Register",
    "Nachweis",
    "online",
    "Service",
    "Standard",
    "Projekt",
]


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 18))).capitalize() + "."


def content(rng: random.Random, n: int) -> str:
    paragraphs = [" ".join(sentence(rng) for _ in range(3)) for _ in range(6)]
    if n % 2:
        return (
            "\n\n".join(paragraphs[:3])
            + f'\n\n[caption id="attachment_{n}" width="600"]<img src="/wp-content/uploads/a{n}.jpg"> Bild[/caption]\n\n'
            + "\n\n".join(paragraphs[3:])
            + '\n\n[gallery ids="1,2,3"]'
        )
    return "\n".join(f"<!-- wp:paragraph -->\n<p>{p}</p>\n<!-- /wp:paragraph -->" for p in paragraphs)


def synthetic_export(count: int, path: Path) -> None:
    rng = random.Random(count)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel><title>Bench</title>\n'
            "<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://bench.example</wp:base_blog_url>\n"
            "<wp:author><wp:author_login>redaktion</wp:author_login>"
            "<wp:author_display_name><![CDATA[Berta Wagner]]></wp:author_display_name></wp:author>\n"
        )
        for slug in CATEGORIES:
            out.write(
                f"<wp:category><wp:term_id>{CATEGORIES.index(slug) + 1}</wp:term_id><wp:category_nicename>{slug}"
                f"</wp:category_nicename><wp:cat_name><![CDATA[{slug.title()}]]></wp:cat_name></wp:category>\n"
            )
        for n in range(1, count + 1):
            cats = "".join(
                f'<category domain="category" nicename="{c}"><![CDATA[{c.title()}]]></category>'
                for c in rng.sample(CATEGORIES, 3)
            )
            tags = "".join(
                f'<category domain="post_tag" nicename="{t.lower().replace(" ", "-")}"><![CDATA[{t}]]></category>'
                for t in rng.sample(TAGS, 4)
            )
            date = f"20{10 + n % 14:02d}-{1 + n % 12:02d}-{1 + n % 28:02d} 08:{n % 60:02d}:00"
            out.write(
                f"<item><title>{sentence(rng)[:90]} {n}</title><link>https://bench.example/{date[:4]}/beitrag-{n}/</link>"
                f'<guid isPermaLink="false">https://bench.example/?p={n}</guid>'
                "<dc:creator><![CDATA[redaktion]]></dc:creator>"
                f"<content:encoded><![CDATA[{content(rng, n)}]]></content:encoded>"
                "<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
                f"<wp:post_id>{n}</wp:post_id><wp:post_date>{date}</wp:post_date>"
                f"<wp:post_date_gmt>{date}</wp:post_date_gmt><wp:post_name>beitrag-{n}</wp:post_name>"
                "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                f"{cats}{tags}</item>\n"
            )
        out.write("</channel></rss>\n")


def main() -> None:
    call_command("migrate", verbosity=0)
    folder = Path(tempfile.mkdtemp(prefix="bench-import-wxr-"))
    print(f"{'Beiträge':>9} {'Datei MB':>9} {'lesen s':>8} {'import s':>9} {'s je 1000':>10} {'Beiträge/s':>11}")
    for count in SIZES:
        call_command("flush", interactive=False, verbosity=0)
        path = folder / f"export-{count}.xml"
        synthetic_export(count, path)
        start = time.perf_counter()
        export = read_export(path)
        read = time.perf_counter() - start
        summary = Importer(export, Options()).run()
        total = time.perf_counter() - start
        assert Article.objects.count() == count, summary.lines()
        assert ArticleRedirect.objects.count() == count
        print(
            f"{count:>9,} {path.stat().st_size / 1e6:>9.1f} {read:>8.1f} {total - read:>9.1f} "
            f"{total / count * 1000:>10.2f} {count / total:>11.0f}"
        )
        sys.stdout.flush()
        path.unlink()
    # Again with the same 20,000: every post is recognised as unchanged.
    synthetic_export(SIZES[-1], path)
    start = time.perf_counter()
    summary = Importer(read_export(path), Options()).run()
    print(f"Erneuter Import der {SIZES[-1]:,} (unverändert): {time.perf_counter() - start:.1f} s; {summary.lines()[1]}")


if __name__ == "__main__":
    main()
