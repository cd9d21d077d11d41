"""The editor's desk on the server: what a keystroke in the keyword field, a page of the image chooser, the usage of
an image and the saving of a body with pictures cost, at 1,000 and at 20,000 articles (ratios within one run).

Runs on a throwaway SQLite database (never the project's db.sqlite3): `make bench`.
"""

import statistics
import time
from io import StringIO

from _sandbox import throwaway_django

throwaway_django("bench-editor-desk-")

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from articles.models import Article, Keyword  # noqa: E402
from demo.pictures import create_library_image  # noqa: E402
from images.usage import usages_by_image  # noqa: E402

SIZES = (1000, 20000)


def timed(function, repeat: int = 30) -> tuple[float, int]:
    """Median milliseconds of `function`, and the queries of one call."""
    if (response := function()) is not None and getattr(response, "status_code", 200) != 200:
        raise SystemExit(f"answered {response.status_code}")
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        function()
    return statistics.median(runs), len(queries)


def measure(client: Client) -> dict[str, tuple[float, int]]:
    suggestions = reverse("admin:articles_article_keyword_suggestions")
    chooser = reverse("admin:images_image_chooser")
    popular = Keyword.objects.with_article_counts().order_by("-article_count").first().name
    article = Article.objects.filter(lead_image__isnull=False).select_related("lead_image").first()
    # A picture of its own, which this one article shows in its body (the load test's images are lead images of
    # about a twelfth of all articles each: their usage lists grow with the archive).
    own = create_library_image(
        alt_text="Messbild",
        caption="",
        credit="Messung",
        colors=("#3a6ea5", "#f0c000"),
        motif="document",
        seed=1,
        filename="mess.jpg",
    )
    picture = own.rendition_url(width=960)
    with_picture = f'<p>Text.</p><figure><img src="{picture}" alt="Bild"><figcaption>Bild</figcaption></figure>'

    def save_with_picture():
        article.body = with_picture
        article.save()

    def save_without_picture():
        article.body = "<p>Text ohne Bild.</p>"
        article.save()

    save_with_picture()
    assert len(usages_by_image([own.pk])[own.pk]) == 1
    return {
        "Stichwortvorschläge, die ersten 3 Buchstaben des häufigsten": timed(
            lambda: client.get(suggestions, {"q": popular[:3]})
        ),
        "Bildauswahl: erste Seite ohne Suche": timed(lambda: client.get(chooser)),
        "Bildauswahl: Suche „Lasttest“": timed(lambda: client.get(chooser, {"q": "Lasttest"})),
        "„Verwendet in“ eines Bildes im Text eines Beitrags": timed(lambda: usages_by_image([own.pk])),
        "Beitrag speichern, Text mit Bild": timed(save_with_picture, repeat=15),
        "Beitrag speichern, Text ohne Bild": timed(save_without_picture, repeat=15),
    }


def main() -> None:
    call_command("migrate", verbosity=0)
    user = User.objects.create_superuser("bench", "bench@example.org", "bench")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    results, loaded = {}, 0
    for size in SIZES:
        call_command("seed_demo", articles=size - loaded, seed=size, stdout=StringIO())
        loaded = size
        results[size] = measure(client)
    print(f"{'Messgröße':<62} " + "   ".join(f"{size:>6} Beiträge (ms, Abfragen)" for size in SIZES) + "   Verhältnis")
    for label in results[SIZES[0]]:
        cells = [results[size][label] for size in SIZES]
        ratio = cells[-1][0] / cells[0][0] if cells[0][0] else float("nan")
        row = "   ".join(f"{ms:>20.2f} ({queries:>2})" for ms, queries in cells)
        print(f"{label:<62} {row}   {ratio:8.2f}")


if __name__ == "__main__":
    main()
