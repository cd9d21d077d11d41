"""Editorial workflow figures: the visibility query, redirect lookups, preview links and revision diffs.

Runs on a throwaway SQLite database (never the project's db.sqlite3): `make bench`.
"""

import statistics
import time
from datetime import timedelta

from _sandbox import throwaway_django

throwaway_django("bench-workflow-")

import reversion  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles import services  # noqa: E402
from articles.models import Article, ArticleRedirect, ArticleType, Section  # noqa: E402
from articles.preview import article_pk_from_token, preview_url  # noqa: E402
from articles.revisions import diff_versions, versions_of  # noqa: E402

ARTICLES = 5000


def timed(label: str, function, repeat: int = 50) -> None:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append((time.perf_counter() - start) * 1000)
    print(f"{label:<58} median {statistics.median(runs):7.3f} ms   max {max(runs):7.3f} ms   (n={repeat})")


def main() -> None:
    call_command("migrate", verbosity=0)
    section = Section.objects.create(name="Politik", slug="politik")
    kind = ArticleType.objects.create(name="Meldung", slug="meldung")
    now = timezone.now()
    statuses = list(Article.Status.values)
    Article.objects.bulk_create(
        Article(
            headline=f"Beitrag {n}",
            slug=f"beitrag-{n}",
            lead="Vorspann.",
            body="<p>Text.</p>" * 20,
            section=section,
            article_type=kind,
            status=statuses[n % 4],
            published_at=now + timedelta(hours=(n % 7) - 3) - timedelta(days=n % 300),
            unpublish_at=now - timedelta(days=1) if n % 11 == 0 else None,
        )
        for n in range(ARTICLES)
    )
    print(f"{ARTICLES} articles, a quarter in each status, some scheduled, some expired")
    timed("published() count", lambda: Article.objects.published().count())
    timed("published() newest 20 teasers", lambda: list(Article.objects.published().for_teasers()[:20]))

    editor = User.objects.create_superuser("bench", password="bench-password-long")
    article = Article.objects.filter(status=Article.Status.PUBLISHED).first()
    for n in range(20):
        article.slug = f"umbenannt-{n}"
        services.article_save(article=article, user=editor)
    old_path = ArticleRedirect.objects.order_by("pk").first().old_path
    client = Client(HTTP_HOST="localhost")
    timed("301 from the first of 20 old addresses (whole request)", lambda: client.get(old_path))

    url = preview_url(article)
    token = url.split("/")[2]
    timed("sign a preview link", lambda: preview_url(article), repeat=1000)
    timed("check a preview link", lambda: article_pk_from_token(token), repeat=1000)

    with reversion.create_revision():
        article.body = "<p>Erster Absatz.</p>" * 200
        services.article_save(article=article, user=editor)
    with reversion.create_revision():
        article.body = "<p>Erster Absatz.</p>" * 100 + "<p>Neu.</p>" + "<p>Erster Absatz.</p>" * 100
        services.article_save(article=article, user=editor)
    newest, older = list(versions_of(article))[:2]
    timed("diff of two revisions (body of 200 paragraphs)", lambda: diff_versions(older, newest), repeat=20)


if __name__ == "__main__":
    main()
