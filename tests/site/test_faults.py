"""Faults while the site runs, each with the real part stopped or broken (docs/betrieb.md):

- the database goes away under real gunicorn (its own PostgreSQL cluster, stopped with `pg_ctl -m immediate`):
  readers get the German 503 page with Retry-After, the health endpoint 503, and the site recovers by itself;
- a worker is killed (SIGKILL) in the middle of an admin save: the article is saved whole or not at all;
- the media storage is full or read-only (a real tmpfs mounted for the test): uploads and replacements are refused
  with a German message and leave nothing behind (a replaced image keeps its old file and renditions whole), pages
  whose renditions cannot be stored are served without the picture, PDFs are still delivered.

SMTP down: tests/articles/test_link_mail.py; PDF renderer hanging: tests/articles/test_print_pdf.py; Redis down:
tests/core/test_cache_outage.py.
"""

import contextlib
import http.client
import http.cookiejar
import io
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from images.models import Image, Rendition
from tests.admin_forms import NO_RIGHTS_RECORD
from tests.factories import ArticleFactory, ImageFactory
from tests.mail_server import free_port
from tests.services import missing
from tests.site import test_serving as serving

PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
PASSWORD = "ausfall-" + secrets.token_urlsafe(12)
ARTICLE = "/politik/rathaus-startet-onlinedienst/"
PUBLIC_PAGES = ["/", "/politik/", ARTICLE]
OUTAGE_TEXT = "Die Seite ist vorübergehend nicht erreichbar"
CONTENT = (
    serving.CONTENT
    + f"""
from django.contrib.auth import get_user_model
get_user_model().objects.create_superuser("chefin", "chefin@amt-musterstadt.de", {PASSWORD!r})
"""
)


# --- a PostgreSQL cluster of our own, and gunicorn on it -----------------------------------------------------


class Postgres:
    """A throwaway cluster on a free port; `stop()` kills it as a crash would, `start()` brings it back."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="newsroom-faults-pg-"))
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")

    def run(self, *command):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run([*prefix, *command], check=True, capture_output=True, text=True, timeout=120)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/newsroom"

    def create(self):
        self.run(
            str(PGBIN / "initdb"),
            *("-D", str(self.folder / "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8"),
            *("--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=de-DE"),
        )
        self.start()
        self.run(str(PGBIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "newsroom")

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(
            *(str(PGBIN / "pg_ctl"), "-D", str(self.folder / "data"), "-l", str(self.folder / "log")),
            *("-w", "-o", options, "start"),
        )

    def stop(self):
        self.run(str(PGBIN / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def connect(self):
        import psycopg

        return psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=newsroom")


class Client:
    """A browser without JavaScript: cookies, no automatic redirects."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect)

    def request(self, path: str, data: dict | None = None, timeout: float = 20):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=body), timeout=timeout) as answer:
                return answer.status, answer.headers, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def csrf_token(self, path: str) -> str:
        status, _headers, html = self.request(path)
        assert status == 200, (path, status)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def log_in(self):
        token = self.csrf_token("/admin/login/")
        status, headers, _html = self.request(
            "/admin/login/?next=/admin/", {"csrfmiddlewaretoken": token, "username": "chefin", "password": PASSWORD}
        )
        assert status == 302 and headers["Location"] == "/admin/", status


class Site:
    def __init__(self, postgres: Postgres, tmp: Path):
        self.postgres = postgres
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.environment = serving.production_environment(tmp, self.port)
        # One worker, so that the killed one is the one saving. Connections are kept, as production keeps them by
        # default (tests/site/test_persistent_connections.py), so that recovering them is tested.
        self.environment.update(DATABASE_URL=postgres.url, WEB_CONCURRENCY="1")
        assert "DB_CONN_MAX_AGE" not in self.environment
        self.log = tmp / "gunicorn.log"
        self.process = None

    def start(self):
        serving.manage(self.environment, "migrate", "--noinput")
        serving.manage(self.environment, "shell", "-c", CONTENT)
        serving.manage(self.environment, "collectstatic", "--noinput", "--verbosity", "0")
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(
                [serving.SERVE], cwd=serving.BASE_DIR, env=self.environment, stdout=output, stderr=subprocess.STDOUT
            )
        self.wait_until_healthy()

    def wait_until_healthy(self, seconds: float = 60):
        deadline = time.monotonic() + seconds
        while True:
            with contextlib.suppress(OSError):
                if self.get("/-/health/")[0] == 200:
                    return
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn not healthy:\n{self.log.read_text()}")
            time.sleep(0.2)

    def get(self, path: str):
        return Client(self.base).request(path)

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        return [int(pid) for pid in children.split()]

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def postgres():
    if not (PGBIN / "initdb").exists():
        missing(f"{PGBIN}/initdb is missing: scripts/with-postgres installs postgresql-15")
    server = Postgres()
    try:
        server.create()
        yield server
    finally:
        server.remove()


@pytest.fixture(scope="module")
def site(postgres, tmp_path_factory):
    served = Site(postgres, tmp_path_factory.mktemp("faults"))
    try:
        served.start()
        yield served
    finally:
        served.stop()


@pytest.mark.serving
def test_database_outage_gives_german_503_pages_and_the_site_recovers_by_itself(site, postgres):
    for path in PUBLIC_PAGES:
        assert site.get(path)[0] == 200
    workers = site.workers()

    postgres.stop()
    try:
        for path in PUBLIC_PAGES:
            # Twice: the second time the page is in the page cache of before the outage (docs/betrieb.md).
            for _ in range(2):
                status, headers, html = site.get(path)
                assert status == 503, (path, status)
                assert int(headers["Retry-After"]) > 0
                assert "no-store" in headers["Cache-Control"]
                assert OUTAGE_TEXT in html and "Verwaltung digital" in html
                for internal in ("Traceback", "OperationalError", "psycopg", str(postgres.port)):
                    assert internal not in html
        status, _headers, body = site.get("/-/health/")
        assert status == 503 and '"database: OperationalError"' in body
    finally:
        postgres.start()

    for path in PUBLIC_PAGES:
        status, _headers, html = site.get(path)
        assert status == 200, (path, status)
        assert "Rathaus startet Onlinedienst" in html
    assert site.get("/-/health/")[0] == 200
    # Recovered without a restart: the same worker.
    assert site.workers() == workers


def article_form(client: Client, postgres: Postgres, headline: str) -> dict:
    with contextlib.closing(postgres.connect()) as connection:
        section_id = connection.execute("SELECT id FROM articles_section WHERE slug = 'politik'").fetchone()[0]
        kind_id = connection.execute("SELECT id FROM articles_articletype WHERE slug = 'meldung'").fetchone()[0]
    return {
        "csrfmiddlewaretoken": client.csrf_token("/admin/articles/article/add/"),
        "kicker": "Musterstadt",
        "headline": headline,
        "slug": "stadtrat-beschliesst-digitalplan",
        "lead": "Der Stadtrat hat den Digitalplan beschlossen.",
        "body": "<p>Die Abstimmung war einstimmig.</p>",
        "author_shorthand": "ab",
        "lead_image": "",
        "lead_image_caption": "",
        "section": str(section_id),
        "article_type": str(kind_id),
        "keywords": "Digitalplan, Stadtrat Musterstadt, Abstimmung",
        "_aktion": "veroeffentlichen",
        "published_at_0": "07.11.2022",
        "published_at_1": "09:30:00",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "2",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
        "links-0-position": "1",
        "links-0-url": "https://musterstadt.example/digitalplan",
        "links-0-label": "Der Digitalplan",
        "links-1-position": "2",
        "links-1-url": "https://musterstadt.example/stadtrat",
        "links-1-label": "Der Stadtrat",
    }


def saved_state(postgres: Postgres, headline: str) -> tuple:
    """(articles with the headline, their links, their keywords, keywords of the form in the database)."""
    with contextlib.closing(postgres.connect()) as connection:
        articles = [
            row[0] for row in connection.execute("SELECT id FROM articles_article WHERE headline = %s", [headline])
        ]
        links = connection.execute("SELECT count(*) FROM articles_articlelink WHERE article_id = ANY(%s)", [articles])
        tagged = connection.execute(
            "SELECT count(*) FROM articles_keywordedarticle WHERE content_object_id = ANY(%s)", [articles]
        )
        keywords = connection.execute(
            "SELECT count(*) FROM articles_keyword WHERE name IN ('Digitalplan', 'Stadtrat Musterstadt', 'Abstimmung')"
        )
        return len(articles), links.fetchone()[0], tagged.fetchone()[0], keywords.fetchone()[0]


@pytest.mark.serving
def test_a_worker_killed_in_the_middle_of_an_admin_save_leaves_no_part_of_the_article(site, postgres):
    headline = "Stadtrat beschließt Digitalplan"
    editor = Client(site.base)
    editor.log_in()
    form = article_form(editor, postgres, headline)
    worker = site.workers()[0]

    # The test's own transaction holds the keyword table against inserts: the save stops there, after the article
    # row is written and before its keywords and links are.
    blocker = postgres.connect()
    blocker.execute("LOCK TABLE articles_keyword IN SHARE MODE")
    answers = []
    saving = threading.Thread(target=lambda: answers.append(_post_catching(editor, form)), daemon=True)
    saving.start()
    try:
        deadline = time.monotonic() + 20
        while True:
            waiting = blocker.execute(
                "SELECT a.pid FROM pg_stat_activity a WHERE a.wait_event_type = 'Lock' AND a.datname = 'newsroom'"
            ).fetchall()
            if waiting:
                break
            assert time.monotonic() < deadline, "the admin save never reached the keyword table"
            time.sleep(0.05)
        backend = waiting[0][0]
        wrote_article = blocker.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE l.pid = %s AND c.relname = 'articles_article' AND l.mode = 'RowExclusiveLock' AND l.granted",
            [backend],
        ).fetchone()[0]
        assert wrote_article, "the save is not inside its transaction with the article written"
        os.kill(worker, signal.SIGKILL)
    finally:
        blocker.rollback()
        blocker.close()
    saving.join(30)
    assert answers and answers[0] is None, f"the killed save answered: {answers}"

    # The server side of the killed worker's connection ends and rolls its transaction back.
    deadline = time.monotonic() + 20
    with contextlib.closing(postgres.connect()) as connection:
        while connection.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [backend]).fetchone()[0]:
            assert time.monotonic() < deadline, "the killed worker's transaction is still open"
            time.sleep(0.05)
    assert saved_state(postgres, headline) == (0, 0, 0, 0)

    # gunicorn replaced the worker; the same save, undisturbed, stores everything.
    site.wait_until_healthy()
    assert worker not in site.workers()
    form["csrfmiddlewaretoken"] = editor.csrf_token("/admin/articles/article/add/")
    status, _headers, _html = editor.request("/admin/articles/article/add/", form)
    assert status == 302, status
    assert saved_state(postgres, headline) == (1, 2, 3, 3)


def _post_catching(client: Client, form: dict):
    """None when the connection broke (the worker died), else the status."""
    try:
        return client.request("/admin/articles/article/add/", form, timeout=60)[0]
    except (OSError, http.client.HTTPException):
        return None


# --- the media storage full or read-only: a real tmpfs -----------------------------------------------------


FILLER = "fuellung.bin"


class SmallDisk:
    def __init__(self, folder: Path):
        self.folder = folder

    def mount(self, kilobytes: int):
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k", "tmpfs", str(self.folder)], check=True)

    def read_only(self):
        subprocess.run(["mount", "-o", "remount,ro", str(self.folder)], check=True)

    def writable(self):
        subprocess.run(["mount", "-o", "remount,rw", str(self.folder)], check=True)

    def fill(self, leave_kilobytes: int):
        """Fill the disk with a file of its own (FILLER) until `leave_kilobytes` are free."""
        free = os.statvfs(self.folder).f_bavail * os.statvfs(self.folder).f_frsize
        (self.folder / FILLER).write_bytes(b"\0" * (free - leave_kilobytes * 1024))

    def empty_filler(self):
        (self.folder / FILLER).unlink()

    def files(self) -> list[str]:
        return sorted(
            str(path.relative_to(self.folder))
            for path in self.folder.rglob("*")
            if path.is_file() and path.name != FILLER
        )

    def unmount(self):
        subprocess.run(["umount", str(self.folder)], check=False, capture_output=True)


@pytest.fixture
def small_disk(settings, tmp_path):
    folder = tmp_path / "kleine-platte"
    folder.mkdir()
    disk = SmallDisk(folder)
    probe = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(folder)], capture_output=True, text=True
    )
    if probe.returncode != 0:
        missing(f"cannot mount a tmpfs here (root and mount rights needed): {probe.stderr.strip()}")
    disk.unmount()
    settings.MEDIA_ROOT = folder
    yield disk
    disk.unmount()


def noise_jpeg(width: int, height: int) -> bytes:
    """A photo-like JPEG that does not compress: about 170 KB at 640×400, renditions as large."""
    buffer = io.BytesIO()
    PILImage.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def upload(admin_client, content: bytes, image: Image | None = None):
    """The admin's add form, or with `image` its change form with a new file."""
    return admin_client.post(
        reverse("admin:images_image_change", args=[image.pk]) if image else reverse("admin:images_image_add"),
        {
            "file": SimpleUploadedFile("rathaus.jpg", content, content_type="image/jpeg"),
            "alt_text": "Das Rathaus von Musterstadt im Abendlicht",
            "caption": "",
            "credit": "Stadt Musterstadt",
            "source_url": "",
            "focal_x": "",
            "focal_y": "",
            **NO_RIGHTS_RECORD,
        },
    )


STORAGE_REFUSED = "Der Medienspeicher ist voll oder schreibgeschützt"


def assert_refused_and_nothing_kept(response, disk: SmallDisk):
    assert response.status_code == 200
    html = response.content.decode()
    assert STORAGE_REFUSED in html
    # What the editor typed is still in the form.
    assert "Das Rathaus von Musterstadt im Abendlicht" in html
    assert not Image.objects.exists() and not Rendition.objects.exists()
    assert disk.files() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kilobytes",
    [pytest.param(64, id="original-does-not-fit"), pytest.param(256, id="renditions-do-not-fit")],
)
def test_an_upload_onto_a_full_disk_is_refused_in_german_and_leaves_nothing(admin_client, small_disk, kilobytes):
    small_disk.mount(kilobytes)
    response = upload(admin_client, noise_jpeg(640, 400))
    assert_refused_and_nothing_kept(response, small_disk)


@pytest.mark.django_db
def test_an_upload_onto_a_read_only_disk_is_refused_in_german_and_leaves_nothing(admin_client, small_disk):
    small_disk.mount(1024)
    small_disk.read_only()
    response = upload(admin_client, noise_jpeg(320, 200))
    assert_refused_and_nothing_kept(response, small_disk)


@pytest.mark.django_db
def test_an_upload_that_fits_is_stored_whole_on_the_same_disk(admin_client, small_disk):
    small_disk.mount(4096)
    response = upload(admin_client, noise_jpeg(640, 400))
    assert response.status_code == 302
    image = Image.objects.get()
    stored = set(small_disk.files())
    assert {image.file.name, *image.renditions.values_list("file", flat=True)} == stored


@pytest.mark.django_db
@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_pdfs_are_still_delivered_when_the_disk_refuses_them_and_nothing_is_kept(client, small_disk, fault):
    article = ArticleFactory(headline="Rathaus startet Onlinedienst")
    small_disk.mount(4 if fault == "full" else 1024)
    if fault == "read-only":
        small_disk.read_only()
    for _ in range(2):
        response = client.get(article.get_absolute_url() + "pdf/")
        assert response.status_code == 200
        content = b"".join(response.streaming_content)
        assert content.startswith(b"%PDF-")
        assert response["Content-Type"] == "application/pdf"
    assert small_disk.files() == []


def rendition_rows(image: Image) -> list[tuple]:
    return list(image.renditions.order_by("pk").values_list("pk", "crop", "width", "format", "file", "source_key"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fault",
    [
        pytest.param(48, id="new-original-does-not-fit"),
        pytest.param(256, id="new-renditions-do-not-fit"),
        pytest.param("read-only", id="read-only"),
    ],
)
def test_replacing_an_image_on_a_full_disk_keeps_the_old_picture_whole(
    admin_client, client, small_disk, fault, django_capture_on_commit_callbacks
):
    small_disk.mount(2048)
    assert upload(admin_client, noise_jpeg(320, 200)).status_code == 302
    image = Image.objects.get()
    article = ArticleFactory(headline="Rathaus startet Onlinedienst", lead_image=image)
    old_file, old_files, old_rows = image.file.name, small_disk.files(), rendition_rows(image)
    if fault == "read-only":
        small_disk.read_only()
    else:
        small_disk.fill(leave_kilobytes=fault)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(admin_client, noise_jpeg(640, 400), image=image)

    assert response.status_code == 200
    assert STORAGE_REFUSED in response.content.decode()
    image.refresh_from_db()
    assert (image.file.name, image.width, image.height) == (old_file, 320, 200)
    assert rendition_rows(image) == old_rows
    # Every row still finds its file, and nothing of the new picture stayed behind.
    assert small_disk.files() == old_files
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<picture>" in page and image.rendition(width=320).file.url in page

    # With room again, the same replacement goes through; the old files go once it has committed.
    if fault == "read-only":
        small_disk.writable()
    else:
        small_disk.empty_filler()
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(admin_client, noise_jpeg(640, 400), image=image).status_code == 302
    image.refresh_from_db()
    assert (image.width, image.height) == (640, 400)
    new_files = {image.file.name, *image.renditions.values_list("file", flat=True)}
    assert set(small_disk.files()) == new_files
    assert not new_files & set(old_files)


@pytest.mark.django_db
@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_renditions_that_cannot_be_stored_while_a_page_renders_cost_the_picture_not_the_page(
    client, small_disk, fault, caplog
):
    small_disk.mount(2048)
    image = ImageFactory(file=ContentFile(noise_jpeg(640, 400), name="rathaus.jpg"), renditions=False)
    article = ArticleFactory(headline="Rathaus startet Onlinedienst", lead_image=image)
    if fault == "read-only":
        small_disk.read_only()
    else:
        # Room for a rendition or two, not for all of them: nothing half-made may stay.
        small_disk.fill(leave_kilobytes=48)

    pages = {
        "home": "/",
        "article": article.get_absolute_url(),
        "print": reverse("articles:detail-print", kwargs={"section": "politik", "slug": article.slug}),
    }
    for kind, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, kind
        html = response.content.decode()
        assert "Rathaus startet Onlinedienst" in html, kind
        assert "renditions/" not in html and image.file.name not in html, kind
    # The figure keeps its credit: the reader still learns whose picture is missing.
    assert image.credit in client.get(article.get_absolute_url()).content.decode()
    response = client.get(reverse("articles:detail-pdf", kwargs={"section": "politik", "slug": article.slug}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

    assert not Rendition.objects.exists()
    assert [name for name in small_disk.files() if not name.startswith("pdf-cache/")] == [image.file.name]
    assert any(record.levelname == "WARNING" and f"Bild {image.pk}" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_a_page_that_lost_its_picture_to_a_full_disk_is_not_kept_in_the_page_cache(client, small_disk, settings):
    settings.PAGE_CACHE_ENABLED = True
    small_disk.mount(2048)
    image = ImageFactory(file=ContentFile(noise_jpeg(640, 400), name="rathaus.jpg"), renditions=False)
    article = ArticleFactory(headline="Rathaus startet Onlinedienst", lead_image=image)
    small_disk.fill(leave_kilobytes=48)

    without = client.get(article.get_absolute_url())
    assert without.status_code == 200 and "<picture>" not in without.content.decode()
    assert "X-Page-Cache" not in without

    # The next reader after the disk has room again gets the picture, not the page of the outage.
    small_disk.empty_filler()
    whole = client.get(article.get_absolute_url())
    assert whole["X-Page-Cache"] == "miss"
    assert "<picture>" in whole.content.decode() and image.rendition(width=320).file.url in whole.content.decode()
