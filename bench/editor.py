"""The editor's desk, measured as a person uses it: an author enters a complete article in Chromium, looks at the
preview and hands it in; an editor finds it, checks the preview and publishes it.

    .venv/bin/python bench/editor.py            # the site as in production (gunicorn, DEBUG off), throwaway SQLite
    .venv/bin/python bench/editor.py --show     # also prints each action as it happens

The article has the reference page's shape (docs/ablauf.md): kicker, headline, date, lead, four body paragraphs,
a lead image with credit and caption, shorthand, three links, four keywords; its text is this script's own.

Prints, per step, the user's actions (clicks, selections, field entries, key presses other than the typed text,
file uploads; going back in the browser counts as a click) and the wall time, and flags (⚠) every step that waited
more than 1 s for the server (the sum of the times to first byte of the step's pages and fetches). Logins are not
counted. Each step is a small function, so that a new form (say, a keyword or image chooser) changes one of them.
"""

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.mail_server import free_port  # noqa: E402

PYTHON = os.environ.get("PYTHON", str(ROOT / ".venv/bin/python"))
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = secrets.token_urlsafe(16)
SERVER_WAIT_LIMIT = 1.0  # seconds per step
PICTURE = "umspannwerk.jpg"

# The article, in the reference page's shape, with words of its own.
ARTICLE = {
    "kicker": "Landkreis Wiesental",
    "headline": "Zwölf Gemeinden teilen sich ein Rechenzentrum",
    "date": "14.03.2023",
    "lead": (
        "Die Gemeinden des Landkreises Wiesental betreiben ihre Fachverfahren künftig in einem gemeinsamen "
        "Rechenzentrum und sparen so Personal und Energie."
    ),
    "body": [
        "Der Kreistag hat den Zweckverband „IT Wiesental“ am Dienstag einstimmig gegründet. Ihm gehören neben dem "
        "Landkreis alle zwölf kreisangehörigen Gemeinden an.",
        "„Keine Gemeinde muss mehr allein Server warten, Sicherungen prüfen und Fachleute suchen“, sagte Landrätin "
        "Helga Sommerfeld. Die Gemeinden behalten ihre eigenen Verfahren, teilen sich aber Technik und Personal.",
        "Das Rechenzentrum entsteht in einem früheren Umspannwerk in Talbach. Die Abwärme der Server soll dort das "
        "benachbarte Hallenbad heizen.",
        "Der Betrieb beginnt im Herbst mit dem Einwohnermeldewesen; Kfz-Zulassung und Bauanträge folgen im "
        "kommenden Jahr.",
    ],
    "shorthand": "hs",
    "image": {
        "alt_text": "Ein Backsteingebäude mit großen Fenstern, davor ein Schild des Zweckverbands",
        "caption": "Im früheren Umspannwerk in Talbach entsteht das gemeinsame Rechenzentrum.",
        "credit": "Landratsamt Wiesental",
    },
    "links": [
        "https://www.landkreis-wiesental.example",
        "https://www.it-wiesental.example",
        "https://www.talbach.example/rechenzentrum",
    ],
    "keywords": ["Politik", "IT Wiesental", "Rechenzentrum", "Interkommunale Zusammenarbeit"],
    "section": "Politik",
    "article_type": "Bericht",
}


# --- counting what the user does -------------------------------------------------------------------------------


@dataclass
class Step:
    role: str
    name: str
    actions: list[str] = field(default_factory=list)
    seconds: float = 0.0
    server_waits: list[float] = field(default_factory=list)

    @property
    def server_seconds(self) -> float:
        return sum(self.server_waits)


class User:
    """A person at the browser: every method is one counted action."""

    def __init__(self, page, role: str, steps: list[Step], show: bool, picture: Path):
        self.page, self.role, self.steps, self.show = page, role, steps, show
        self.picture = picture  # the photo on the author's disk
        self.step: Step | None = None
        # On the response, not when the request finished: a pop-up that closes after its POST never finishes it.
        page.context.on("response", self._answered)

    def _answered(self, response):
        request = response.request
        if self.step is None or request.resource_type not in {"document", "fetch", "xhr"}:
            return
        timing = request.timing
        if timing["responseStart"] > 0 and timing["requestStart"] >= 0:
            wait = (timing["responseStart"] - timing["requestStart"]) / 1000
            self.step.server_waits.append(wait)
            if self.show:
                print(f"  {self.role}: Server   {wait:5.2f}s {request.method} {request.url}", flush=True)

    @contextlib.contextmanager
    def doing(self, name: str):
        self.step = Step(self.role, name)
        started = time.perf_counter()
        try:
            yield self
            self.page.wait_for_load_state("load")
        finally:
            self.step.seconds = time.perf_counter() - started
            self.steps.append(self.step)
            self.step = None

    def _count(self, kind: str, what: str):
        self.step.actions.append(kind)
        if self.show:
            print(f"  {self.role}: {kind:<8} {what}", flush=True)

    def click(self, locator, what: str = ""):
        self._count("Klick", what or str(locator))
        locator.click()

    def fill(self, locator, text: str, what: str = ""):
        """Typing into one field: one entry, however long the text."""
        self._count("Eingabe", what or str(locator))
        locator.fill(text)

    def type_paragraphs(self, paragraphs: list[str], what: str = ""):
        """Typing paragraphs at the cursor (a rich-text editor): one entry, and an Enter key between paragraphs."""
        self._count("Eingabe", what)
        for number, paragraph in enumerate(paragraphs):
            if number:
                self.press("Enter", "neuer Absatz")
            self.page.keyboard.type(paragraph)

    def press(self, key: str, what: str = ""):
        self._count("Taste", what or key)
        self.page.keyboard.press(key)

    def select(self, locator, label: str, what: str = ""):
        self._count("Auswahl", what or label)
        locator.select_option(label=label)

    def type_keys(self, locator, text: str, what: str = ""):
        """Typing key by key (for fields whose script acts on each key): one entry, like `fill`."""
        self._count("Eingabe", what or str(locator))
        locator.press_sequentially(text)

    def drop_file(self, selector: str, path: Path, what: str = ""):
        """Dragging a file from the desktop onto an element: the browser sends dragover and drop with the file."""
        self._count("Datei", what or path.name)
        transfer = self.page.evaluate_handle(
            """([name, bytes]) => {
                const transfer = new DataTransfer();
                transfer.items.add(new File([new Uint8Array(bytes)], name, { type: "image/jpeg" }));
                return transfer;
            }""",
            [path.name, list(path.read_bytes())],
        )
        for event in ("dragover", "drop"):
            self.page.dispatch_event(selector, event, {"dataTransfer": transfer})

    def back(self):
        self._count("Klick", "Zurück im Browser")
        self.page.go_back()


def log_in(page, username: str):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("[type=submit]")
    page.wait_for_url("**/admin/")


# --- the author's steps ----------------------------------------------------------------------------------------


def open_new_article(user: User):
    user.click(user.page.get_by_role("link", name="Neuer Beitrag"), "Neuer Beitrag")
    user.page.wait_for_url("**/articles/article/add/")


def enter_head(user: User):
    user.fill(user.page.locator("#id_kicker"), ARTICLE["kicker"], "Dachzeile")
    user.fill(user.page.locator("#id_headline"), ARTICLE["headline"], "Überschrift")


def enter_date(user: User):
    user.fill(user.page.locator("#id_published_at_0"), ARTICLE["date"], "Datum")


def enter_lead_and_body(user: User):
    user.fill(user.page.locator("#id_lead"), ARTICLE["lead"], "Vorspann")
    user.click(user.page.locator(".ProseMirror[contenteditable=true]"), "in den Text")
    user.type_paragraphs(ARTICLE["body"], "Text")
    user.fill(user.page.locator("#id_author_shorthand"), ARTICLE["shorthand"], "Kürzel")


def choose_lead_image(user: User):
    """The photo dragged from the desktop onto the field opens the chooser's upload, which asks for alt text, caption
    and credit; the field then shows the picture."""
    user.drop_file(".nr-image-field", user.picture, "Bilddatei auf das Aufmacherbild ziehen")
    upload = user.page.get_by_role("dialog").get_by_role("tabpanel", name="Neues Bild hochladen")

    def field(label: str):
        return upload.get_by_label(label, exact=True).filter(visible=True)

    user.fill(field("Alternativtext (Pflicht)"), ARTICLE["image"]["alt_text"], "Alternativtext")
    user.fill(field("Bildunterschrift"), ARTICLE["image"]["caption"], "Bildunterschrift")
    user.fill(field("Bildquelle (Pflicht)"), ARTICLE["image"]["credit"], "Bildquelle")
    user.click(user.page.get_by_role("dialog").get_by_role("button", name="Hochladen und verwenden"), "Hochladen")
    user.page.get_by_role("dialog").wait_for(state="hidden")
    user.page.locator(".nr-image-field__credit", has_text=ARTICLE["image"]["credit"]).wait_for()


def choose_section_and_type(user: User):
    user.select(user.page.locator("#id_section"), ARTICLE["section"], "Bereich")
    user.select(user.page.locator("#id_article_type"), ARTICLE["article_type"], "Beitragsart")


def enter_keywords(user: User):
    """Typed key by key into the chips' field, separated by commas: each comma makes a chip, the last keyword is
    taken when the form is saved. The step lasts until the suggestions for the last keyword have come (they are
    asked for once the typing pauses), so that their wait counts."""
    with user.page.expect_response(lambda response: "keyword-suggestions" in response.url):
        user.type_keys(user.page.get_by_label("Stichwörter:"), ", ".join(ARTICLE["keywords"]), "Stichwörter")
    chips = user.page.locator(".nr-chip__name").all_inner_texts()
    assert chips == ARTICLE["keywords"][:-1], chips


def enter_links(user: User):
    page = user.page
    for number, url in enumerate(ARTICLE["links"]):
        if not page.locator(f"#id_links-{number}-url").count():
            user.click(page.locator("#links-group .add-row a"), "Link hinzufügen")
        user.fill(page.locator(f"#id_links-{number}-url"), url, f"Link {number + 1}")


def look_at_preview(user: User):
    """Save and see the preview in one."""
    user.click(user.page.get_by_role("button", name="Speichern und Vorschau ansehen"), "Speichern und Vorschau ansehen")
    user.page.wait_for_selector(".preview-banner")


def hand_in(user: User):
    """From the preview's bar."""
    user.click(
        user.page.locator(".preview-banner").get_by_role("button", name="Zur Prüfung geben"), "Zur Prüfung geben"
    )
    user.page.wait_for_url("**/admin/")


# --- the editor's steps ----------------------------------------------------------------------------------------


def open_preview_from_desk(user: User):
    """The start page lists the article under „Zur Prüfung“, with its preview a click away."""
    waiting = user.page.locator("section", has=user.page.get_by_role("heading", name="Zur Prüfung"))
    item = waiting.get_by_role("listitem").filter(has_text=ARTICLE["headline"])
    user.click(item.get_by_role("link", name="Vorschau"), "Vorschau unter „Zur Prüfung“")
    user.page.wait_for_selector(".preview-banner")


def publish(user: User):
    """From the preview's bar."""
    user.click(user.page.locator(".preview-banner").get_by_role("button", name="Veröffentlichen"), "Veröffentlichen")
    user.page.wait_for_url("**/admin/")
    assert "ist veröffentlicht" in user.page.locator(".messagelist").inner_text()


def check_what_readers_see(page):
    """After the run, not counted: the published page shows the keywords in the author's order and the credit."""
    page.goto(page.locator(".messagelist a").first.get_attribute("href"))
    keywords = page.locator("p.keywords a").all_inner_texts()
    assert keywords == ARTICLE["keywords"], keywords
    assert ARTICLE["image"]["credit"] in page.locator("figure .credit").first.inner_text()


# --- the run ---------------------------------------------------------------------------------------------------

AUTHOR_STEPS = [
    ("Neuer Beitrag", open_new_article),
    ("Dachzeile, Überschrift", enter_head),
    ("Datum", enter_date),
    ("Vorspann, Text, Kürzel", enter_lead_and_body),
    ("Aufmacherbild", choose_lead_image),
    ("Bereich, Beitragsart", choose_section_and_type),
    ("Stichwörter", enter_keywords),
    ("Links", enter_links),
    ("Vorschau ansehen", look_at_preview),
    ("Zur Prüfung geben", hand_in),
]
EDITOR_STEPS = [
    ("Beitrag finden, Vorschau", open_preview_from_desk),
    ("Veröffentlichen", publish),
]


def prepare_site(folder: Path, port: int) -> dict:
    """A demo site in `folder`, with an author and an editor, and a photo on the author's disk."""
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "PORT": str(port),
        "DATABASE_URL": f"sqlite:///{folder / 'editor.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "SERVE_MEDIA": "true",
        "SERVE_CHECK_FAIL_LEVEL": "ERROR",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    setup = (
        "from django.contrib.auth.models import Group, User\n"
        "from demo.pictures import draw_picture\n"
        "for name, role in [('autorin', 'Autorin/Autor'), ('redakteur', 'Redaktion')]:\n"
        f"    person = User.objects.create_user(name, password={PASSWORD!r}, is_staff=True)\n"
        "    person.groups.add(Group.objects.get(name=role))\n"
        f"open({str(folder / PICTURE)!r}, 'wb').write(draw_picture(('#8a5a44', '#d9b38c'), 'skyline', 7))\n"
    )
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([PYTHON, "manage.py", "shell", "-c", setup], cwd=ROOT, env=env, check=True, capture_output=True)
    return env


def wait_until_up(port: int, server: subprocess.Popen):
    for _ in range(600):
        if server.poll() is not None:
            raise SystemExit("bench/editor.py: gunicorn did not start")
        with contextlib.suppress(OSError):
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/-/health/", timeout=5).status == 200:
                return
        time.sleep(0.1)
    raise SystemExit("bench/editor.py: gunicorn did not answer within 60 s")


def run(base_url: str, picture: Path, show: bool) -> list[Step]:
    from playwright.sync_api import sync_playwright

    steps: list[Step] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        for role, username, plan in (("Autorin", "autorin", AUTHOR_STEPS), ("Redaktion", "redakteur", EDITOR_STEPS)):
            context = browser.new_context(
                base_url=base_url, locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": 1280, "height": 900}
            )
            context.set_default_timeout(20_000)
            page = context.new_page()
            log_in(page, username)
            user = User(page, role, steps, show, picture)
            for name, function in plan:
                with user.doing(name):
                    function(user)
            if plan is EDITOR_STEPS:
                check_what_readers_see(page)
            context.close()
        browser.close()
    return steps


def report(steps: list[Step]) -> None:
    print(f"{'Rolle':<10} {'Schritt':<26} {'Aktionen':>8}  {'davon':<38} {'Zeit':>7} {'Server':>7}")
    for role in dict.fromkeys(step.role for step in steps):
        mine = [step for step in steps if step.role == role]
        for step in mine:
            kinds = ", ".join(f"{step.actions.count(kind)} {kind}" for kind in dict.fromkeys(step.actions))
            flag = " ⚠ > 1 s Server" if step.server_seconds > SERVER_WAIT_LIMIT else ""
            print(
                f"{role:<10} {step.name:<26} {len(step.actions):>8}  {kinds:<38} {step.seconds:6.2f}s "
                f"{step.server_seconds:6.2f}s{flag}"
            )
        total = sum(len(step.actions) for step in mine)
        seconds = sum(step.seconds for step in mine)
        server = sum(step.server_seconds for step in mine)
        print(f"{role:<10} {'zusammen':<26} {total:>8}  {'':<38} {seconds:6.2f}s {server:6.2f}s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="print every action as it happens")
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-editor-"))
    server = None
    try:
        port = free_port()
        print(f"Preparing: migrate, seed_demo, collectstatic ({folder})", flush=True)
        env = prepare_site(folder, port)
        log = open(folder / "gunicorn.log", "w")  # noqa: SIM115 (open for the server's lifetime)
        server = subprocess.Popen([str(ROOT / "scripts/serve")], cwd=ROOT, env=env, stdout=log, stderr=log)
        wait_until_up(port, server)
        report(run(f"http://127.0.0.1:{port}", folder / PICTURE, arguments.show))
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
