"""Page cache per portal: what a write costs and what it throws away, with generations per portal (as built) and with
the one global generation alone (every `pagecache.changes.scoped` block switched off), in one run.

    DEBUG=true PYTHONPATH=. .venv/bin/python bench/portal_invalidation.py [--rounds 20]

Both demo portals (`seed_demo`, SQLite in a throwaway folder, Django's test client). For each kind of edit: every
public page of both portals read twice (then cached), the edit, then each page once more: how many of each
portal's pages are still answered from the cache. Then the cost of a save through `articles.services.article_save`
(median of `--rounds`): milliseconds and queries, per mode.
"""

import argparse
import contextlib
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _sandbox import throwaway_django

throwaway_django("bench-portals-")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

import articles.admin  # noqa: E402
import articles.models  # noqa: E402
import pages.models  # noqa: E402
from articles import services  # noqa: E402
from articles.models import Article, Keyword  # noqa: E402
from core.hosts import AllowedHosts  # noqa: E402
from demo import content  # noqa: E402
from pages.models import Page  # noqa: E402
from portals.models import Portal  # noqa: E402
from tests.factories import ArticleFactory  # noqa: E402
from tests.workflow_helpers import article_admin_data  # noqa: E402
from tests.workflow_helpers import editor as make_editor  # noqa: E402

FIRST_HOST, SISTER_HOST = "127.0.0.1", "localhost"


def portal_pages(portal: Portal) -> list[str]:
    """Home, sections, every article at home, keyword pages of the shown articles, feeds, sitemaps, static pages."""
    shown = Article.objects.published().shown_on(portal)
    keywords = Keyword.objects.filter(keyword_items__content_object__in=shown).distinct()[:20]
    paths = ["/", "/stichwoerter/", "/feeds/rss/", "/sitemap-beitraege.xml", "/impressum/"]
    paths += [section.get_absolute_url() for section in portal.sections.all()]
    paths += [article.get_absolute_url() for article in Article.objects.published().home_on(portal)[:15]]
    paths += [keyword.get_absolute_url() for keyword in keywords]
    return paths


def outcomes(client: Client, pages: dict[str, list[str]]) -> dict[str, int]:
    return {
        host: sum(client.get(path, HTTP_HOST=host)["X-Page-Cache"] == "hit" for path in paths)
        for host, paths in pages.items()
    }


def warm(client: Client, pages: dict[str, list[str]]) -> None:
    for host, paths in pages.items():
        for path in paths:
            client.get(path, HTTP_HOST=host)
            assert client.get(path, HTTP_HOST=host)["X-Page-Cache"] == "hit", (host, path)


def edits(first: Portal, sister: Portal, editor) -> dict:
    alone = Article.objects.published().home_on(first).exclude(shares__isnull=False).filter(section__slug="politik")[0]
    shared = Article.objects.published().filter(shares__portal=sister)[0]
    draft = Article.objects.get(headline="Entwurf für die Messung")
    admin = Client()
    admin.force_login(editor)

    def save(article, **changes):
        def run():
            for name, value in changes.items():
                setattr(article, name, value)
            services.article_save(article=article, user=editor)

        return run

    def admin_save():
        data = article_admin_data(alone, lead=alone.lead + " (Admin)", keywords="Politik, Messung im Admin")
        response = admin.post(reverse("admin:articles_article_change", args=[alone.pk]), data)
        assert response.status_code == 302, response.status_code
        alone.refresh_from_db()

    def static_page():
        page = Page.objects.get(portal=first, slug="impressum")
        page.body += "<p>Ergänzt.</p>"
        page.save()

    return {
        "Beitrag nur im ersten Portal (Service)": save(alone, lead=alone.lead + " Neu."),
        "Beitrag nur im ersten Portal (Admin-Formular)": admin_save,
        "Mit dem zweiten Portal geteilter Beitrag": save(shared, lead=shared.lead + " Neu."),
        "Entwurf im ersten Portal": save(draft, lead=draft.lead + " Neu."),
        "Impressum des ersten Portals": static_page,
        "QuerySet.update ohne Zuordnung": lambda: Article.objects.filter(pk=alone.pk).update(kicker="Update"),
    }


@contextlib.contextmanager
def global_only():
    """Every scoped block off: all watched writes raise the one global generation, as before portals."""

    @contextlib.contextmanager
    def unscoped(scopes, using="default"):
        yield

    modules = (articles.models, articles.admin, pages.models, services)
    saved = [module.scoped for module in modules]
    for module in modules:
        module.scoped = unscoped
    try:
        yield
    finally:
        for module, original in zip(modules, saved, strict=True):
            module.scoped = original


def save_cost(article: Article, editor, rounds: int) -> tuple[float, int]:
    times, queries = [], []
    for number in range(rounds):
        article.lead = f"{article.lead.split(' #')[0]} #{number}"
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            services.article_save(article=article, user=editor)
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured.captured_queries))
    return statistics.median(times), int(statistics.median(queries))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    options = parser.parse_args()
    setup_test_environment()
    from django.conf import settings

    settings.ALLOWED_HOSTS = AllowedHosts(["127.0.0.1", "localhost", "testserver"])
    quiet = io.StringIO()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=quiet)
    first, sister = Portal.objects.default(), Portal.objects.get(slug=content.SISTER_PORTAL["slug"])
    ArticleFactory(
        section=first.sections.get(slug="politik"),
        headline="Entwurf für die Messung",
        slug="entwurf-messung",
        status=Article.Status.DRAFT,
    )
    editor = make_editor()
    pages = {FIRST_HOST: portal_pages(first), SISTER_HOST: portal_pages(sister)}
    print(f"Seiten: erstes Portal {len(pages[FIRST_HOST])}, zweites Portal {len(pages[SISTER_HOST])}")
    client = Client()
    rows = []
    for name in edits(first, sister, editor):
        row = [name]
        for mode in ("scoped", "global"):
            warm(client, pages)
            with global_only() if mode == "global" else contextlib.nullcontext():
                edits(first, sister, editor)[name]()
            kept = outcomes(client, pages)
            row += [kept[FIRST_HOST], kept[SISTER_HOST]]
        rows.append(row)
    print(
        "\n| Änderung | erstes Portal: im Cache (je Portal) | zweites Portal: im Cache (je Portal) | "
        "erstes (nur global) | zweites (nur global) |"
    )
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, a_scoped, b_scoped, a_global, b_global in rows:
        print(
            f"| {name} | {a_scoped}/{len(pages[FIRST_HOST])} | {b_scoped}/{len(pages[SISTER_HOST])} | "
            f"{a_global}/{len(pages[FIRST_HOST])} | {b_global}/{len(pages[SISTER_HOST])} |"
        )
    article = Article.objects.published().home_on(first).filter(section__slug="politik")[1]
    scoped_ms, scoped_queries = save_cost(article, editor, options.rounds)
    with global_only():
        global_ms, global_queries = save_cost(article, editor, options.rounds)
    print(f"\nSpeichern (articles.services.article_save, Median aus {options.rounds}):")
    print(f"  je Portal: {scoped_ms:.2f} ms, {scoped_queries} Abfragen")
    print(f"  nur global: {global_ms:.2f} ms, {global_queries} Abfragen")


if __name__ == "__main__":
    main()
