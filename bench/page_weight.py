"""Page weight: HTML, CSS, image and script bytes of the home page and an article page at 390 px width.

Seeds the demo content into a throwaway SQLite database and media folder, serves it from a local WSGI server
on a free port and opens each page in Debian's Chromium (Playwright), once as loaded and once scrolled to the
end (images below the fold load lazily). Bytes are response bodies as delivered, without HTTP compression.
    make bench    or    DEBUG=true DJANGO_SETTINGS_MODULE=newsroom.settings PYTHONPATH=. .venv/bin/python bench/page_weight.py
"""

import io
import os
import threading
from collections import Counter
from contextlib import redirect_stdout, suppress
from wsgiref.simple_server import WSGIRequestHandler, make_server

from _sandbox import throwaway_django

throwaway_django("bench-page-weight-")

from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from articles.models import Article  # noqa: E402

WIDTH = 390
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
KINDS = {"document": "HTML", "stylesheet": "CSS", "image": "Bilder", "script": "JavaScript"}


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def serve():
    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def weigh(context, url: str, scroll: bool) -> Counter:
    sizes = Counter()
    page = context.new_page()

    def count(response):
        kind = KINDS.get(response.request.resource_type, "Sonstiges")
        # Redirects and aborted requests have no body.
        with suppress(PlaywrightError):
            sizes[kind] += len(response.body())

    page.on("response", count)
    # Lazy images in the first screen start after the load event: wait until the network is quiet.
    page.goto(url, wait_until="networkidle")
    if scroll:
        page.evaluate(
            "async () => { for (let y = 0; y < document.body.scrollHeight; y += 400) {"
            " window.scrollTo(0, y); await new Promise(r => setTimeout(r, 50)); } }"
        )
        page.wait_for_load_state("networkidle")
    page.close()
    return sizes


def kilobytes(value: int) -> str:
    return f"{value / 1024:,.1f} KiB".replace(",", "\u202f").replace(".", ",")


def main():
    call_command("migrate", verbosity=0)
    with redirect_stdout(io.StringIO()):
        call_command("seed_demo")
    article = Article.objects.published().order_by("-published_at").first()
    server = serve()
    base = f"http://127.0.0.1:{server.server_port}"
    pages = [("Startseite", "/"), ("Beitrag", article.get_absolute_url())]
    print(f"Seitengewicht bei {WIDTH} px Breite (Demo-Inhalte, Bytes ohne HTTP-Kompression)")
    print(f"{'Seite':<12} {'Ansicht':<18} {'HTML':>11} {'CSS':>11} {'Bilder':>11} {'JavaScript':>11}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for name, path in pages:
            for scroll, view in ((False, "geladen"), (True, "bis zum Ende")):
                # A fresh context each time: nothing comes from the browser cache.
                context = browser.new_context(viewport={"width": WIDTH, "height": 844}, device_scale_factor=1)
                sizes = weigh(context, base + path, scroll)
                context.close()
                row = [kilobytes(sizes[kind]) for kind in ("HTML", "CSS", "Bilder", "JavaScript")]
                print(f"{name:<12} {view:<18} " + " ".join(f"{cell:>11}" for cell in row))
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
