"""Load: the site as in production (scripts/serve, gunicorn, 2 workers, DEBUG off) under N concurrent readers
while an editor saves, withdraws and publishes articles through the real admin.

    .venv/bin/python bench/load.py                                  # 50 clients, 300 s, throwaway SQLite file
    scripts/with-postgres .venv/bin/python bench/load.py            # the same on PostgreSQL (DATABASE_URL)
    .venv/bin/python bench/load.py --clients 20 --seconds 60        # a short run

Readers (threads, one new connection per request, no cookies) fetch a weighted mix of home, articles, sections,
keyword pages, archive searches, PDFs (the first request of an article's PDF renders it, later ones come from
the PDF cache), feeds and Link mailen (GET the form, POST an address; the mail goes to an aiosmtpd started
here). Intended answers are 200, 302 (a sent Link mailen), 304 and 429 (a Link mailen limit); anything else,
and every connection error or timeout, is an error. The editor logs in, and every --edit-every seconds opens a
change form, changes the headline (or withdraws / publishes again an article of its own) and posts the form as a
browser would (CSRF token, every field); right after, a reader without cookies must see the change.

Before the measured run a warm-up sends every kind of request (PDFs first rendered and cached, feeds, Link
mailen, an admin save) to every worker, so the start RSS already holds WeasyPrint and every first import.
Prints requests, errors and p50/p95/p99 per kind, the workers' RSS (from /proc) after warm-up and at the end,
whether a worker was replaced, and whether the targets hold: 0 errors, no worker restart, RSS growth < 10 %,
every edit visible. Link mailen limits are raised for the run (the client limit would otherwise answer 429 to
almost every post, since all readers share 127.0.0.1).
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.mail_server import Mailbox, free_port  # noqa: E402  (the test suite's aiosmtpd handler)

PYTHON = os.environ.get("PYTHON", str(ROOT / ".venv/bin/python"))
INTENDED = {200, 302, 304, 429}
# Weights of the reader mix.
MIX = {
    "home": 12,
    "article": 30,
    "section": 10,
    "keyword": 8,
    "archive search": 10,
    "pdf": 6,
    "feed": 10,
    "link mailen": 4,
}
EDITOR_OWN = 2  # articles only the editor withdraws and publishes again (readers would get 404 meanwhile)
EDITOR_PASSWORD = secrets.token_urlsafe(16)
SEARCH_WORDS = ["Verwaltung", "digital", "Cloud", "Bürgeramt", "Kommune", "Onlinezugang", "Register", "KI"]


# --- the server ------------------------------------------------------------------------------------------------


def server_environment(folder: Path, port: int, smtp_port: int) -> dict:
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{port}",
        MEDIA_ROOT=str(folder / "media"),
        SERVE_MEDIA="true",
        SERVE_CHECK_FAIL_LEVEL="ERROR",
        PORT=str(port),
        HOST="127.0.0.1",
        WEB_CONCURRENCY=os.environ.get("WEB_CONCURRENCY", "2"),
        # No planned replacement (production: every 10,000 requests): a restart is then a crash, and the RSS
        # measured at the end is the same workers' as at the start.
        GUNICORN_MAX_REQUESTS="0",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        LINK_MAIL_PER_CLIENT_PER_HOUR="1000000",
        LINK_MAIL_PER_RECIPIENT_PER_DAY="1000",
        LINK_MAIL_PER_DAY="1000000",
        DJANGO_SUPERUSER_PASSWORD=EDITOR_PASSWORD,
    )
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = f"sqlite:///{folder / 'load.sqlite3'}"
    return env


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


SITE_QUERY = """
import json
from articles.models import Article, Section, Keyword
own = list(Article.objects.published().order_by("published_at").values_list("pk", flat=True)[:%d])
print(json.dumps({
    "articles": [(a.pk, a.get_absolute_url()) for a in Article.objects.published().order_by("-published_at")],
    "own": own,
    "sections": [s.get_absolute_url() for s in Section.objects.all()],
    "keywords": ["/stichwort/%%s/" %% k.slug for k in Keyword.objects.all()[:40]],
}))
"""


def prepare(env: dict) -> dict:
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo")
    manage(env, "createsuperuser", "--noinput", "--username", "lastredaktion", "--email", "last@amt-musterstadt.de")
    manage(env, "collectstatic", "--noinput", "-v0")
    return json.loads(manage(env, "shell", "-c", SITE_QUERY % EDITOR_OWN).strip().splitlines()[-1])


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# --- HTTP ------------------------------------------------------------------------------------------------------


class Site:
    def __init__(self, port: int):
        self.port = port

    def request(self, method, path, body=None, headers=None, timeout=60.0):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()


def cookies_of(headers) -> dict:
    jar = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key.strip()] = rest.split(";", 1)[0]
    return jar


def cookie_header(jar: dict) -> str:
    return "; ".join(f"{key}={value}" for key, value in jar.items())


class FormFields(HTMLParser):
    """What a browser submits from each POST form of a page: inputs, checked boxes, selected options, textareas
    (buttons left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self.fields: list[tuple[str, str]] = []
        self.in_form = False
        self.select = None
        self.select_value = None
        self.textarea = None
        self.text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.in_form, self.fields = True, []
            self.forms.append(self.fields)
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type", "text") not in {"submit", "button", "image", "file"}:
            if attrs.get("type") in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")))
        elif tag == "select" and name:
            self.select, self.select_value = (name, "multiple" in attrs), None
        elif tag == "option" and self.select and "selected" in attrs:
            if self.select[1]:
                self.fields.append((self.select[0], attrs.get("value", "")))
            else:
                self.select_value = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "select" and self.select:
            if not self.select[1] and self.select_value is not None:
                self.fields.append((self.select[0], self.select_value))
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, "".join(self.text).removeprefix("\n")))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)


def form_fields(html: str) -> list[tuple[str, str]]:
    """The fields of the page's largest POST form (the admin's pages also hold the small logout form)."""
    parser = FormFields()
    parser.feed(html)
    return max(parser.forms, key=len, default=[])


# --- readers ---------------------------------------------------------------------------------------------------


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.statuses = defaultdict(Counter)
        self.errors = defaultdict(Counter)

    def record(self, kind, started, status=None, error=None):
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.times[kind].append(elapsed)
            if error:
                self.errors[kind][error] += 1
            else:
                self.statuses[kind][status] += 1
                if status not in INTENDED:
                    self.errors[kind][f"status {status}"] += 1


class Reader(threading.Thread):
    def __init__(self, site, paths, results, stop, pdfs_seen):
        super().__init__(daemon=True)
        self.site, self.paths, self.results, self.stop, self.pdfs_seen = site, paths, results, stop, pdfs_seen
        self.random = random.Random()

    def run(self):
        kinds, weights = zip(*MIX.items(), strict=True)
        while not self.stop.is_set():
            kind = self.random.choices(kinds, weights)[0]
            getattr(self, kind.replace(" ", "_"))()

    def fetch(self, kind, method, path, body=None, headers=None):
        started = time.perf_counter()
        try:
            status, response_headers, content = self.site.request(method, path, body, headers)
        except (OSError, http.client.HTTPException) as error:
            self.results.record(kind, started, error=type(error).__name__)
            return None
        self.results.record(kind, started, status)
        return status, response_headers, content

    def home(self):
        self.fetch("home", "GET", "/")

    def article(self):
        self.fetch("article", "GET", self.random.choice(self.paths["reader_articles"]))

    def section(self):
        self.fetch("section", "GET", self.random.choice(self.paths["sections"]))

    def keyword(self):
        self.fetch("keyword", "GET", self.random.choice(self.paths["keywords"]))

    def archive_search(self):
        query = {"q": self.random.choice(SEARCH_WORDS)}
        if self.random.random() < 0.3:
            query["von"] = "2020-01-01"
        self.fetch("archive search", "GET", "/archiv/?" + urlencode(query))

    def pdf(self):
        article = self.random.choice(self.paths["reader_articles"])
        with self.results.lock:
            kind = "pdf (cached)" if article in self.pdfs_seen else "pdf (first)"
            self.pdfs_seen.add(article)
        self.fetch(kind, "GET", f"{article}pdf/")

    def feed(self):
        self.fetch("feed", "GET", self.random.choice(["/feeds/rss/", "/feeds/atom/"]))

    def link_mailen(self):
        path = f"{self.random.choice(self.paths['reader_articles'])}mailen/"
        answer = self.fetch("link mailen (form)", "GET", path)
        if not answer or answer[0] != 200:
            return
        _status, headers, content = answer
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        jar = cookies_of(headers)
        body = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1).decode() if token else "",
                "recipient": f"leserin{self.random.randrange(10**6)}@amt-musterstadt.de",
                "website": "",
            }
        )
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie_header(jar)}
        self.fetch("link mailen (post)", "POST", path, body, headers)


# --- the editor ------------------------------------------------------------------------------------------------


class Editor(threading.Thread):
    """Logs into the admin, then every `every` seconds changes one article through its change form and checks
    with a fresh, cookie-less request that readers see the change."""

    def __init__(self, site, paths, results, stop, every):
        super().__init__(daemon=True)
        self.site, self.paths, self.results, self.stop, self.every = site, paths, results, stop, every
        self.jar = {}
        self.edits = Counter()
        self.violations = []
        self.round = 0

    def call(self, kind, method, path, fields=None):
        headers = {"Cookie": cookie_header(self.jar)}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            status, response_headers, content = self.site.request(method, path, body, headers)
        except (OSError, http.client.HTTPException) as error:
            self.results.record(kind, started, error=type(error).__name__)
            raise
        self.results.record(kind, started, status)
        self.jar.update(cookies_of(response_headers))
        return status, content.decode("utf-8", "replace")

    def login(self):
        _status, html = self.call("editor: login", "GET", "/admin/login/")
        fields = dict(form_fields(html))
        fields.update(username="lastredaktion", password=EDITOR_PASSWORD, next="/admin/")
        status, _html = self.call("editor: login", "POST", "/admin/login/", list(fields.items()))
        if status != 302:
            raise SystemExit(f"bench/load.py: the editor could not log in ({status})")

    def save(self, pk: int, changes: dict) -> bool:
        path = f"/admin/articles/article/{pk}/change/"
        status, html = self.call("editor: change form", "GET", path)
        if status != 200:
            return False
        fields = [(name, value) for name, value in form_fields(html) if name not in changes]
        fields += [*changes.items(), ("_continue", "1")]
        status, html = self.call("editor: save", "POST", path, fields)
        if status != 302:
            errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
            self.violations.append(f"save of article {pk} answered {status}: {unescape(' '.join(errors))[:200]}")
            return False
        return True

    def reader_sees(self, path: str) -> tuple[int, str]:
        status, _headers, content = self.site.request("GET", path)
        return status, content.decode("utf-8", "replace")

    def run(self):
        self.login()
        own = self.paths["own"]
        withdrawn = set()
        while not self.stop.wait(self.every):
            self.round += 1
            try:
                self.one_edit(own, withdrawn)
            except (OSError, http.client.HTTPException):
                self.edits["failed"] += 1

    def one_edit(self, own, withdrawn):
        if self.round % 3 == 0:
            # Withdraw an article of its own, or publish it again.
            pk, path = own[self.round // 3 % len(own)]
            if pk in withdrawn:
                headline = f"Wieder veröffentlicht, Runde {self.round}"
                if self.save(pk, {"status": "published", "headline": headline}):
                    withdrawn.discard(pk)
                    self.expect(path, 200, headline, "publish")
            elif self.save(pk, {"status": "withdrawn"}):
                withdrawn.add(pk)
                self.expect(path, 404, None, "withdraw")
            return
        pk, path = self.random_reader_article()
        headline = f"Lastprobe Runde {self.round}: neue Überschrift"
        if self.save(pk, {"headline": headline}):
            self.expect(path, 200, headline, "headline")

    def random_reader_article(self):
        return random.choice(self.paths["reader_pairs"])

    def expect(self, path, status, text, kind):
        self.edits[kind] += 1
        seen_status, html = self.reader_sees(path)
        if seen_status != status and not (status == 404 and seen_status == 410):
            self.violations.append(f"{kind} of {path}: reader got {seen_status}, expected {status}")
        elif text and text not in unescape(html):
            self.violations.append(f"{kind} of {path}: reader still saw the old page")


# --- the run ---------------------------------------------------------------------------------------------------


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def burst(calls) -> None:
    """Run `calls` at once, one thread each: sync workers take one request at a time, so a burst of at least
    twice as many requests as workers reaches every worker."""
    threads = [threading.Thread(target=call, daemon=True) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)


def loaded_weasyprint(pid: int) -> bool:
    """Whether the worker has imported WeasyPrint (which maps Pango when it is imported)."""
    try:
        return "libpango" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


def warm_up(site: Site, paths: dict, workers: list[int], pdfs_seen: set, mix_seconds: float) -> None:
    """Every request kind on every worker before the start RSS is read, so that RSS growth measures growth and
    not first imports (WeasyPrint, the admin, the feed and mail modules) or first-filled per-process caches.

    Bursts of each kind (PDFs first rendered, then from the cache; an admin save per worker), until every worker
    has WeasyPrint loaded, then the reader mix for `mix_seconds`. Nothing of it is counted in the results."""
    results, idle = Results(), threading.Event()
    size = 2 * len(workers)
    readers = [Reader(site, paths, results, idle, pdfs_seen) for _ in range(size)]
    articles = random.Random(1).sample(paths["reader_articles"], min(len(paths["reader_articles"]), 6 * size))
    for round_ in range(3):
        for kind in MIX:
            if kind != "pdf":
                burst(getattr(reader, kind.replace(" ", "_")) for reader in readers)
        fresh = articles[round_ * size : (round_ + 1) * size] or articles[:size]
        for label in ("pdf (first)", "pdf (cached)"):
            burst(
                lambda path=path, reader=reader, label=label: reader.fetch(label, "GET", f"{path}pdf/")
                for reader, path in zip(readers, fresh, strict=False)
            )
        pdfs_seen.update(fresh)
        editors = [Editor(site, paths, results, idle, every=0) for _ in workers]
        for editor in editors:
            editor.round = 1  # a headline change of a reader's article (round 0 would withdraw one of its own)
        burst(editor.login for editor in editors)
        burst(lambda editor=editor: editor.one_edit(paths["own"], set()) for editor in editors)
        if all(loaded_weasyprint(pid) for pid in workers):
            break
    cold = [pid for pid in workers if not loaded_weasyprint(pid)]
    if cold:
        print(f"Warning: workers {cold} have not rendered a PDF during the warm-up", flush=True)
    warmers = [Reader(site, paths, results, idle, pdfs_seen) for _ in range(4)]
    for thread in warmers:
        thread.start()
    time.sleep(mix_seconds)
    idle.set()
    for thread in warmers:
        thread.join(90)


def wait_until_up(site: Site, server: subprocess.Popen):
    for _ in range(600):
        if server.poll() is not None:
            raise SystemExit("bench/load.py: gunicorn did not start (see its log above)")
        try:
            if site.request("GET", "/-/health/", timeout=5)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("bench/load.py: gunicorn did not answer /-/health/ within 60 s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent readers (default 50)")
    parser.add_argument("--seconds", type=float, default=300, help="duration in seconds (default 300)")
    parser.add_argument("--edit-every", type=float, default=3, help="seconds between the editor's saves (default 3)")
    arguments = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    port = free_port()
    env = server_environment(folder, port, smtp.port)
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite file"
    print(f"Preparing: migrate, seed_demo, collectstatic ({database}, {folder})", flush=True)
    data = prepare(env)
    own_pks = set(data["own"])
    pairs = [(pk, path) for pk, path in data["articles"]]
    paths = {
        "reader_articles": [path for pk, path in pairs if pk not in own_pks],
        "reader_pairs": [(pk, path) for pk, path in pairs if pk not in own_pks],
        "own": [(pk, path) for pk, path in pairs if pk in own_pks],
        "sections": data["sections"],
        "keywords": data["keywords"] or ["/stichwoerter/"],
    }
    log = open(folder / "gunicorn.log", "w")  # noqa: SIM115 (open for the server's lifetime)
    server = subprocess.Popen([str(ROOT / "scripts/serve")], cwd=ROOT, env=env, stdout=log, stderr=log)
    site = Site(port)
    results, stop, pdfs_seen = Results(), threading.Event(), set()
    try:
        wait_until_up(site, server)
        warm_up(site, paths, children(server.pid), pdfs_seen, min(20, max(5, arguments.seconds / 10)))
        mailbox.envelopes.clear()  # the warm-up's Link mailen posts are not the run's
        workers = children(server.pid)
        rss_start = {pid: rss_kib(pid) for pid in workers}
        print(
            f"Running: {arguments.clients} readers, {arguments.seconds:.0f} s, editor every {arguments.edit_every} s, "
            f"gunicorn workers {workers}",
            flush=True,
        )
        readers = [Reader(site, paths, results, stop, pdfs_seen) for _ in range(arguments.clients)]
        editor = Editor(site, paths, results, stop, arguments.edit_every)
        started = time.monotonic()
        for thread in [*readers, editor]:
            thread.start()
        stop.wait(arguments.seconds)
        stop.set()
        for thread in [*readers, editor]:
            thread.join(90)
        duration = time.monotonic() - started
        workers_end = children(server.pid)
        rss_end = {pid: rss_kib(pid) for pid in workers_end}
    finally:
        stop.set()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        smtp.stop()

    report(arguments, database, duration, results, editor, mailbox, workers, workers_end, rss_start, rss_end)
    server_errors = [line for line in (folder / "gunicorn.log").read_text().splitlines() if "[ERROR]" in line]
    for line in server_errors[:10]:
        print("gunicorn:", line)
    shutil.rmtree(folder, ignore_errors=True)


def report(arguments, database, duration, results, editor, mailbox, workers, workers_end, rss_start, rss_end):
    total = sum(len(times) for times in results.times.values())
    errors = sum(sum(counter.values()) for counter in results.errors.values())
    print(
        f"\n{database}, 2 gunicorn workers, {arguments.clients} readers, {duration:.0f} s: {total} requests, "
        f"{total / duration:.1f}/s, {errors} errors"
    )
    print(f"{'kind':<22}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  statuses")
    for kind in sorted(results.times):
        times = results.times[kind]
        statuses = " ".join(f"{status}×{count}" for status, count in sorted(results.statuses[kind].items()))
        print(
            f"{kind:<22}{len(times):>9}{sum(results.errors[kind].values()):>8}{percentile(times, 0.5):>9.0f}"
            f"{percentile(times, 0.95):>9.0f}{percentile(times, 0.99):>9.0f}  {statuses}"
        )
    for kind, counter in sorted(results.errors.items()):
        for error, count in counter.items():
            print(f"error: {kind}: {error} ×{count}")
    print(f"Link mailen: {len(mailbox.envelopes)} mails reached the SMTP server")
    restarted = workers != workers_end
    growth = (sum(rss_end.values()) - sum(rss_start.values())) / max(1, sum(rss_start.values())) * 100
    print(f"worker RSS after warm-up: {', '.join(f'{pid}: {kib / 1024:.0f} MiB' for pid, kib in rss_start.items())}")
    print(f"worker RSS at the end:    {', '.join(f'{pid}: {kib / 1024:.0f} MiB' for pid, kib in rss_end.items())}")
    print(f"RSS growth {growth:+.1f} %, worker restart: {'yes' if restarted else 'no'} ({workers} -> {workers_end})")
    edits = sum(editor.edits.values())
    print(f"editor: {edits} edits ({dict(editor.edits)}), {len(editor.violations)} not visible on the next request")
    for violation in editor.violations[:10]:
        print("  ", violation)
    targets = {
        "0 errors": errors == 0,
        "no worker restart": not restarted,
        "RSS growth < 10 %": growth < 10,
        "every edit visible": edits > 0 and not editor.violations,
    }
    print("targets: " + ", ".join(f"{name}: {'met' if met else 'MISSED'}" for name, met in targets.items()))
    sys.exit(0 if all(targets.values()) else 1)


if __name__ == "__main__":
    main()
