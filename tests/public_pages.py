"""Every public page type of the portal, built once with demo-like data, for the validity and browser sweeps
(tests/site/test_page_quality.py). Each page is fetched through Django's test client; the browser sweep opens the
plain GET pages on the live server itself and serves the others (POST answers, a foreign Host header, a
locked login) from the test client's response, headers included, at their own address.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from articles.models import Article
from articles.preview import preview_url
from demo.seeding import ensure_pages
from newsletter.mails import manage_url, unsubscribe_url
from newsletter.models import CONSENT_VERSION, Issue, NewsletterList, Subscriber, Subscription
from newsletter.tokens import confirmation_token
from people.models import Contributor
from tests.factories import (
    ArticleFactory,
    ArticleTypeFactory,
    ContributorFactory,
    ImageFactory,
    SectionFactory,
    UserFactory,
    name_in_byline,
)
from tests.mail_server import free_port

# Small pages, so that section, keyword and archive pages show their page navigation.
PAGE_SIZE = 2
LOGIN_FAILURES_TO_LOCK = 10


@dataclass
class PublicPage:
    name: str
    path: str
    status: int
    html: str
    headers: dict[str, str] = field(default_factory=dict)
    # False: not reachable by a plain GET in the browser; served from the recorded response instead.
    browser_get: bool = True


def build_site():
    """Sections, an article with everything and one with nothing, more for page numbers, a draft, the pages."""
    ensure_pages()
    politik = SectionFactory(name="Politik", slug="politik", position=1)
    SectionFactory(name="Praxis", slug="praxis", position=2)
    bericht = ArticleTypeFactory(name="Bericht", slug="bericht", shows_badge=True)
    now = timezone.now()
    full = ArticleFactory(
        section=politik,
        article_type=bericht,
        headline="Digitale Bauanträge starten landesweit",
        slug="digitale-bauantraege",
        lead="Das Land stellt seine Bauämter auf ein gemeinsames Online-Verfahren um.",
        body=(
            "<p>Ab dem Sommer reichen Bauherren ihre Unterlagen über das Portal ein, nach dem "
            '<span class="lang-en">Once-Only</span>-Prinzip.</p><h2>Wie es weitergeht</h2>'
            "<ul><li>erst die Landkreise</li><li>dann die Städte</li></ul>"
            "<blockquote><p>„Wir lernen jeden Tag dazu.“</p></blockquote>"
            '<p>Mehr beim <a href="https://land.example/bau">Bauministerium</a>.</p>'
        ),
        lead_image=ImageFactory(),
        keywords=["Cloud", "Öffentliche Verwaltung"],
        links=[("https://land.example/bauportal", "Das Bauportal des Landes")],
        correction_note="Der Starttermin war zunächst falsch angegeben.",
        published_at=now - timedelta(hours=1),
    )
    Article.objects.filter(pk=full.pk).update(corrected_at=now)
    plain = ArticleFactory(
        section=politik,
        kicker="",
        headline="Kurz gemeldet: Sprechstunde verlegt",
        slug="sprechstunde-verlegt",
        body="<p>Die Sprechstunde findet ab sofort dienstags statt.</p>",
        author_shorthand="",
        published_at=now - timedelta(hours=2),
    )
    others = [
        ArticleFactory(keywords=["Cloud"], published_at=now - timedelta(hours=3 + n), lead_image=ImageFactory())
        for n in range(5)
    ]
    full.related.set(others[:2])
    draft = ArticleFactory(status=Article.Status.DRAFT, headline="Noch nicht erschienen", slug="entwurf")
    # A contributor with portrait and links in the full article's byline; one who has left.
    writer = ContributorFactory(
        name="Miriam Kranich", slug="miriam-kranich", portrait=ImageFactory(), links="https://kranich.example/"
    )
    former = ContributorFactory(name="Ben Ehemalig", slug="ben-ehemalig")
    name_in_byline(full, writer, former)
    for article in others[:3]:
        name_in_byline(article, writer)
    Contributor.objects.filter(pk=former.pk).update(is_active=False, bio="", role="")
    build_newsletter(full, plain)
    return full, plain, draft


def build_newsletter(*articles):
    """A list, an issue sent yesterday with the articles, and one reader with a confirmed and a pending list."""
    weekly = NewsletterList.objects.create(
        name="Wöchentlich: alle Meldungen",
        slug="woechentlich",
        description="Jeden Freitag die Beiträge der Woche.",
        sender_name="Verwaltung digital",
        sender_email="newsletter@verwaltung-digital.example",
    )
    politik = NewsletterList.objects.create(
        name="Bereich Politik", slug="politik", sender_name="Verwaltung digital", sender_email="n@verwaltung.example"
    )
    issue = Issue.objects.create(
        newsletter_list=weekly, subject="Die Woche", state="sent", send_at=timezone.now() - timedelta(days=1)
    )
    for position, article in enumerate(articles):
        issue.items.create(article=article, position=position)
    reader = Subscriber.objects.create(
        email="leserin@amt-musterstadt.de", consent_version=CONSENT_VERSION, confirmed_at=timezone.now()
    )
    Subscription.objects.create(
        subscriber=reader, newsletter_list=weekly, confirmed_at=timezone.now(), consent_version=CONSENT_VERSION
    )
    Subscription.objects.create(subscriber=reader, newsletter_list=politik, consent_version=CONSENT_VERSION)


def collect_pages(site, client, settings) -> list[PublicPage]:
    """Fetch every public page type of `site` (build_site) with tests.urls_errors as URLconf (403, 500)."""
    cache.clear()  # Link mailen counts against its limits in the default cache
    full, plain, draft = site
    client.raise_request_exception = False
    pages: list[PublicPage] = []

    def get(name, path, status=200, **extra):
        record(name, path, client.get(path, **extra), status, browser_get=not extra)

    def record(name, path, response, status, browser_get=False):
        assert response.status_code == status, f"{name} ({path}): {response.status_code} instead of {status}"
        headers = {key: value for key, value in response.headers.items() if key.lower() != "content-length"}
        pages.append(PublicPage(name, path, status, response.content.decode(), headers, browser_get))

    article, mail = full.get_absolute_url(), f"{full.get_absolute_url()}mailen/"
    get("Startseite", "/")
    get("Bereich", "/politik/")
    get("Bereich, Seite 2", "/politik/?page=2")
    get("Beitrag mit Bild, Links, Stichwörtern und Korrektur", article)
    get("Beitrag ohne Bild, Links und Stichwörter", plain.get_absolute_url())
    get("Stichwort", "/stichwort/cloud/")
    get("Profilseite", "/autoren/miriam-kranich/")
    get("Profilseite, Seite 2", "/autoren/miriam-kranich/?page=2")
    get("Profilseite: ausgeschieden (410)", "/autoren/ben-ehemalig/", status=410)
    get("Stichwörter A–Z", "/stichwoerter/")
    get("Archiv mit Ergebnissen", "/archiv/?bereich=politik")
    get("Archiv ohne Ergebnisse", "/archiv/?q=Unauffindbar")
    get("Archiv mit ungültigen Angaben", "/archiv/?von=gestern", status=400)
    get("Suche mit Ausschnitten", "/archiv/?q=Bauherren")
    get("Druckversion", f"{article}druck/")
    get("Link mailen", mail)
    get("Link mailen: gesendet", f"{mail}gesendet/")
    for slug in ("impressum", "datenschutz", "barrierefreiheit", "kontakt"):
        get(f"Seite /{slug}/", f"/{slug}/")
    get("Vorschau", preview_url(draft))
    get("Vorschau: Druckversion", preview_url(draft, "articles:preview-print"))
    editor_client = Client(raise_request_exception=False)
    editor_client.force_login(UserFactory(roles=["Redaktion"]))
    record("Vorschau mit den Knöpfen der Redaktion", preview_url(draft), editor_client.get(preview_url(draft)), 200)
    reader = Subscriber.objects.get(email="leserin@amt-musterstadt.de")
    weekly = NewsletterList.objects.get(slug="woechentlich")
    get("Newsletter", "/newsletter/")
    get("Newsletter-Ausgabe im Archiv", f"/newsletter/ausgabe/{Issue.objects.get().pk}/")
    get("Newsletter abonnieren", "/newsletter/anmelden/?liste=woechentlich&von=/politik/")
    get("Newsletter: Bitte bestätigen", "/newsletter/anmelden/gesendet/")
    get("Newsletter: Anmeldung bestätigen", f"/newsletter/bestaetigen/{confirmation_token(reader)}/")
    get("Newsletter: ungültiger Bestätigungslink", "/newsletter/bestaetigen/falsch/", status=404)
    local = len("http://127.0.0.1:8000")
    get("Newsletter abbestellen", unsubscribe_url(reader.pk, reader.key, weekly.pk)[local:])
    get("Newsletter verwalten", manage_url(reader.pk, reader.key)[local:])
    record(
        "Newsletter abonnieren: Fehler",
        "/newsletter/anmelden/",
        client.post("/newsletter/anmelden/", {"email": "keine-adresse", "lists": []}),
        400,
    )
    get("400", "/", status=400, HTTP_HOST="fremd.example")
    get("403", "/test/verboten/", status=403)
    get("404", "/gibt-es-nicht/", status=404)
    get("500", "/test/absturz/", status=500)
    get("503: Datenbank nicht erreichbar", "/test/datenbank-weg/", status=503)
    record("405", article, client.delete(article), 405)

    forged = Client(enforce_csrf_checks=True).post(mail, {"recipient": "kollegin@amt-musterstadt.de"})
    record("403: Formular abgelaufen (CSRF)", mail, forged, 403)
    settings.LINK_MAIL_PER_RECIPIENT_PER_DAY = 0
    record("Link mailen: 429", mail, client.post(mail, {"recipient": "kollegin@amt-musterstadt.de"}), 429)
    settings.LINK_MAIL_PER_RECIPIENT_PER_DAY = 3
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens there
    record("Link mailen: 503", mail, client.post(mail, {"recipient": "kollege@amt-musterstadt.de"}), 503)
    settings.PDF_RENDER_TIMEOUT = 0.001
    get("PDF: 503", f"{article}pdf/", status=503)
    for _attempt in range(LOGIN_FAILURES_TO_LOCK):
        locked = client.post("/admin/login/", {"username": "niemand", "password": "falsch", "next": "/admin/"})
        if locked.status_code == 429:
            break
    record("Anmeldung gesperrt: 429", "/admin/login/", locked, 429)
    return pages
