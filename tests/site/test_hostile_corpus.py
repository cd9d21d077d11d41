"""A corpus of hostile requests to every public URL, parameter, form and header: each gets its intended status
(400, 404, 405, 410, 429, a redirect, or 200 where the input is only odd free text), never a 500, and changes
nothing: every table of the database is the same before and after (but the counters of Link mailen's limits, which
count every attempt), and no mail is sent.

The corpus is a readable list of `Hostile(name, method, path, data, headers, expected)`. Bad path values go into
every parameter of every public URL pattern (from the URL resolver, as in tests/core/test_http_methods.py), so a new
pattern is covered without touching this file. Covered elsewhere and not repeated here: the admin's forms
(tests/core/test_hostile_admin_forms.py), uploads (tests/images/test_image_uploads.py), odd HTTP methods on every public URL
(tests/core/test_http_methods.py), address rules of Link mailen (tests/articles/test_link_mail.py) and stored payloads
(tests/articles/test_stored_payloads.py). Hypothesis adds random archive filters and search texts on top.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail, signing
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.models import Article
from articles.preview import SALT, preview_url
from core.models import LimitCounter
from tests.core.test_http_methods import PATTERNS
from tests.factories import ArticleFactory, ArticleTypeFactory, SectionFactory

pytestmark = pytest.mark.django_db

ARTICLE = "/politik/digitale-bauantraege/"
MAIL = f"{ARTICLE}mailen/"
GOOD_RECIPIENT = "kollegin@amt-musterstadt.de"

OK = frozenset({200})
BAD = frozenset({400})
GONE = frozenset({404})
# Garbage in a path: Django answers a URL it cannot decode with 400, one that matches nothing with 404.
BAD_OR_GONE = frozenset({400, 404})
REDIRECT = frozenset({302})


@dataclass(frozen=True)
class Hostile:
    name: str
    method: str
    path: str
    data: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    expected: frozenset = OK
    settings: dict = field(default_factory=dict)
    # With the CSRF check on, as in production (off otherwise, so that a form's own answer shows).
    csrf_checks: bool = False


# --- path values -------------------------------------------------------------------------------------------------

BAD_PATH_VALUES = {
    "overlong slug": "a" * 300,
    "very long slug": "ab-" * 3000,
    "unicode": "bürgerämter-straße",
    "emoji": "\U0001f4a3",
    "right-to-left": "\u202egnp.exe",
    "percent-encoded NUL": "%00",
    "NUL after text": "politik%00",
    "dot dot": "..",
    "dot dot slash": "..%2F..%2Fetc%2Fpasswd",
    "encoded slash": "a%2Fb",
    "double-encoded slash": "a%252Fb",
    "invalid UTF-8": "%C0%AE%C0%AE",
    "lone surrogate": "%ED%A0%80",
    "backslash": "a%5Cb",
    "SQL": "1'%20OR%20'1'%3D'1",
    "template syntax": "%7B%7B7*7%7D%7D",
    "script": "%3Cscript%3E",
    "only a dash": "-",
}


def pattern_paths() -> list[Hostile]:
    """Each parameter of each public URL pattern in turn replaced by every bad value."""
    cases = []
    for name, sample in PATTERNS:
        places = [match.start() for match in re.finditer("beispiel", sample)]
        for place_number, start in enumerate(places):
            for label, value in BAD_PATH_VALUES.items():
                path = sample[:start] + value + sample[start + len("beispiel") :]
                cases.append(Hostile(f"{name} param {place_number + 1}: {label}", "GET", path, expected=BAD_OR_GONE))
    return cases


FIXED_PATHS = [
    Hostile("raw NUL in path", "GET", "/poli\x00tik/", expected=BAD_OR_GONE),
    Hostile("path traversal to settings", "GET", "/../newsroom/settings.py", expected=GONE),
    Hostile("encoded traversal at the root", "GET", "/%2e%2e/%2e%2e/etc/passwd", expected=GONE),
    Hostile("double slash", "GET", "//politik//", expected=GONE),
    Hostile("static outside the manifest", "GET", "/static/../manage.py", expected=GONE),
    Hostile("media traversal", "GET", "/media/../db.sqlite3", expected=BAD_OR_GONE),
    Hostile("article below an unknown section", "GET", "/gibt-es-nicht/digitale-bauantraege/", expected=GONE),
    Hostile("article in the wrong section", "GET", "/praxis/digitale-bauantraege/", expected=GONE),
    Hostile("draft by its address", "GET", "/politik/entwurf/", expected=GONE),
    Hostile("PDF of a draft", "GET", "/politik/entwurf/pdf/", expected=GONE),
    Hostile("Link mailen for a draft", "GET", "/politik/entwurf/mailen/", expected=GONE),
    Hostile("old WordPress path", "GET", "/?p=123", expected=OK),
    Hostile("WordPress login", "GET", "/wp-login.php", expected=GONE),
    Hostile("WordPress admin", "GET", "/wp-admin/", expected=GONE),
    Hostile("WordPress feed", "GET", "/feed/", expected=GONE),
    Hostile("dot env", "GET", "/.env", expected=GONE),
    Hostile("git config", "GET", "/.git/config", expected=GONE),
    Hostile("sitemap of an unknown kind", "GET", "/sitemap-passwoerter.xml", expected=GONE),
    Hostile("health with a slug", "GET", "/-/health/x/", expected=GONE),
]

# --- query parameters --------------------------------------------------------------------------------------------

BAD_PAGE_NUMBERS = {
    "zero": "0",
    "negative": "-1",
    "float": "1.5",
    "alpha": "abc",
    "huge": "9" * 30,
    "beyond the last page": "99999",
    "exponent": "1e3",
    "NUL": "1\x00",
    "whitespace": " 2 ",
}

LISTS = {"section": "/politik/", "keyword": "/stichwort/cloud/", "archive": "/archiv/", "home": "/"}


def page_numbers() -> list[Hostile]:
    # Lists answer an impossible page with 404; the home page has no pages and ignores the parameter.
    return [
        Hostile(f"{kind} ?page={label}", "GET", path, {"page": value}, expected=OK if kind == "home" else GONE)
        for kind, path in LISTS.items()
        for label, value in BAD_PAGE_NUMBERS.items()
    ]


SITEMAP_PAGES = [
    Hostile(f"sitemap ?p={label}", "GET", "/sitemap-beitraege.xml", {"p": value}, expected=GONE)
    for label, value in BAD_PAGE_NUMBERS.items()
]

FEED_FORMATS = [
    Hostile(f"feed format {label} at {path}", "GET", path, expected=GONE)
    for label, value in {"unknown": "json", "upper case": "RSS", "empty-ish": "-", "long": "rss" * 100}.items()
    for path in (f"/feeds/{value}/", f"/feeds/bereich/politik/{value}/", f"/feeds/stichwort/cloud/{value}/")
] + [
    Hostile("feed of an unknown section", "GET", "/feeds/bereich/gibt-es-nicht/rss/", expected=GONE),
    Hostile("feed of an unknown keyword", "GET", "/feeds/stichwort/gibt-es-nicht/atom/", expected=GONE),
    Hostile("feed with invented parameters", "GET", "/feeds/rss/", {"format": "json", "page": "-1"}),
]

BAD_DATES = {
    "word": "gestern",
    "February 30": "2024-02-30",
    "month 13": "2024-13-01",
    "year 99999": "99999-01-01",
    "negative year": "-2024-01-01",
    "date and time": "2024-01-01T00:00",
    "NUL": "2024-01-01\x00",
    "huge": "1" * 5000,
    "SQL": "2024-01-01' OR '1'='1",
}
# Dates beyond the archive's span (1900 to 2999) are refused with a German message; its edges work.
OUT_OF_RANGE_DATES = {
    "year 1": "0001-01-01",
    "year 9999": "9999-12-31",
    "German year 1": "1.1.0001",
    "1899": "1899-12-31",
}
EDGE_DATES = {"first day": "1900-01-01", "last day": "2999-12-31", "German last day": "31.12.2999"}
BAD_CHOICES = {
    "unknown": "gibt-es-nicht",
    "overlong": "x" * 500,
    "NUL": "politik\x00",
    "SQL": "politik' OR '1'='1",
    "unicode": "straße",
    "number": "1",
}
SEARCH_TEXTS = {
    "lone quote": '"',
    "unbalanced quotes": '"digital verwaltung',
    "star": "*",
    "prefix star": "digital*",
    "NEAR": "NEAR(",
    "NEAR call": "NEAR(digital verwaltung, 3)",
    "boolean words": "AND OR NOT",
    "boolean start": "NOT",
    "tsquery prefix": "digital:*",
    "tsquery prefix alone": ":*",
    "tsquery operators": "&|!",
    "tsquery expression": "(digital & !verwaltung) | <-> cloud",
    "tsquery weights": "digital:AB",
    "tsquery phrase": "a <2> b",
    "column filter": "headline:digital",
    "caret": "^digital",
    "minus": "-digital",
    "plus": "+digital",
    "parentheses": "((()))",
    "backslash": "\\",
    "SQL": "'; DROP TABLE articles_article; --",
    "SQL comment": "digital /* */",
    "percent and underscore": "%_%",
    "only spaces": "   ",
    "only punctuation": "!?.,;",
    "unicode": "Bürgerämter ß ǅ",
    "emoji": "\U0001f4a3\U0001f4a3",
    "right-to-left": "\u202everwaltung",
    "script": "<script>alert(1)</script>",
    "template": "{{ settings.SECRET_KEY }}",
    "200 characters": "digital " * 25,
}


def archive_filters() -> list[Hostile]:
    cases = []
    for param in ("von", "bis"):
        cases += [
            Hostile(f"archive {param}={label}", "GET", "/archiv/", {param: value}, expected=BAD)
            for label, value in (BAD_DATES | OUT_OF_RANGE_DATES).items()
        ]
        cases += [
            Hostile(f"archive {param}={label}", "GET", "/archiv/", {param: value})
            for label, value in EDGE_DATES.items()
        ]
    cases += [
        Hostile("archive von after bis", "GET", "/archiv/", {"von": "2024-02-01", "bis": "2024-01-01"}, expected=BAD),
        Hostile("archive 0001 to 9999", "GET", "/archiv/", {"von": "0001-01-01", "bis": "9999-12-31"}, expected=BAD),
        Hostile("archive 1900 to 2999", "GET", "/archiv/", {"von": "1900-01-01", "bis": "2999-12-31", "q": "digital"}),
    ]
    for param in ("bereich", "art", "stichwort"):
        cases += [
            Hostile(f"archive {param}={label}", "GET", "/archiv/", {param: value}, expected=BAD)
            for label, value in BAD_CHOICES.items()
        ]
    cases += [Hostile(f"archive q={label}", "GET", "/archiv/", {"q": value}) for label, value in SEARCH_TEXTS.items()]
    cases += [
        Hostile("archive q of 201 characters", "GET", "/archiv/", {"q": "x" * 201}, expected=BAD),
        Hostile("archive huge q", "GET", "/archiv/", {"q": "digital " * 20000}, expected=BAD),
        Hostile("archive q with NUL", "GET", "/archiv/", {"q": "digital\x00"}, expected=BAD),
        Hostile("archive q repeated", "GET", "/archiv/", {"q": ["digital", '"', ":*"]}),
        Hostile("archive bereich repeated", "GET", "/archiv/", {"bereich": ["politik", "praxis"]}),
        Hostile("archive stichwort twice the same", "GET", "/archiv/", {"stichwort": ["cloud", "cloud"]}),
        Hostile("archive 300 keywords", "GET", "/archiv/", {"stichwort": ["cloud"] * 300}),
        Hostile("archive invented parameter", "GET", "/archiv/", {"sort": "-id; DROP", "format": "json"}),
        Hostile(
            "archive everything wrong at once",
            "GET",
            "/archiv/",
            dict.fromkeys(["von", "bis", "art"], "x"),
            expected=BAD,
        ),
        Hostile("search redirect keeps odd q", "GET", "/suche/", {"q": "NEAR( :* &|!"}, expected=REDIRECT),
        Hostile("search redirect with huge q", "GET", "/suche/", {"q": "x" * 8000}, expected=REDIRECT),
    ]
    return cases


def preview_tokens(draft_pk: int) -> list[Hostile]:
    signer = signing.TimestampSigner(salt=SALT)
    with mock.patch("django.core.signing.time.time", return_value=(timezone.now() - timedelta(days=400)).timestamp()):
        expired = signer.sign(str(draft_pk))
    valid = signer.sign(str(draft_pk))
    value, stamp, _signature = valid.split(":")
    tokens = {
        "garbage": ("garbage", GONE),
        "empty parts": ("::", GONE),
        "forged signature": (f"{value}:{stamp}:{'A' * 27}", GONE),
        "other article, same signature": (f"{draft_pk + 1}:{stamp}:{_signature}", GONE),
        "other salt": (signing.TimestampSigner(salt="other").sign(str(draft_pk)), GONE),
        "expired": (expired, frozenset({410})),
        "signed for a missing article": (signer.sign("987654321"), GONE),
        "signed non-number": (signer.sign("abc"), GONE),
        "signed huge number": (signer.sign("9" * 40), GONE),
        "signed NUL": (signer.sign("1\x00"), GONE),
        "overlong": ("A" * 5000, GONE),
    }
    return [
        Hostile(f"preview token {label}", "GET", f"/vorschau/{token}/", expected=expected)
        for label, (token, expected) in tokens.items()
    ]


# --- Link mailen -------------------------------------------------------------------------------------------------

LINK_MAIL_POSTS = [
    Hostile("mail: nothing", "POST", MAIL, {}, expected=BAD),
    Hostile("mail: empty recipient", "POST", MAIL, {"recipient": ""}, expected=BAD),
    Hostile(
        "mail: two recipients", "POST", MAIL, {"recipient": [GOOD_RECIPIENT, "b@amt-musterstadt.de"]}, expected=BAD
    ),
    Hostile(
        "mail: list in one field", "POST", MAIL, {"recipient": f"{GOOD_RECIPIENT}, b@amt-musterstadt.de"}, expected=BAD
    ),
    Hostile("mail: huge recipient", "POST", MAIL, {"recipient": "a" * 100_000 + "@amt-musterstadt.de"}, expected=BAD),
    Hostile(
        "mail: Bcc by CRLF", "POST", MAIL, {"recipient": f"{GOOD_RECIPIENT}\r\nBcc: x@amt-musterstadt.de"}, expected=BAD
    ),
    Hostile(
        "mail: Bcc by LF", "POST", MAIL, {"recipient": f"{GOOD_RECIPIENT}\nBcc: x@amt-musterstadt.de"}, expected=BAD
    ),
    Hostile(
        "mail: encoded CRLF",
        "POST",
        MAIL,
        {"recipient": f"{GOOD_RECIPIENT}%0d%0aBcc:x@amt-musterstadt.de"},
        expected=BAD,
    ),
    Hostile("mail: NUL", "POST", MAIL, {"recipient": f"{GOOD_RECIPIENT}\x00"}, expected=BAD),
    Hostile("mail: display name", "POST", MAIL, {"recipient": f"Chefin <{GOOD_RECIPIENT}>"}, expected=BAD),
    Hostile("mail: localhost", "POST", MAIL, {"recipient": "root@localhost"}, expected=BAD),
    Hostile("mail: IP literal", "POST", MAIL, {"recipient": "a@[127.0.0.1]"}, expected=BAD),
    Hostile("mail: invented field", "POST", MAIL, {"recipient": GOOD_RECIPIENT, "subject": "Gewinn"}, expected=BAD),
    Hostile("mail: body field", "POST", MAIL, {"recipient": GOOD_RECIPIENT, "body": "x" * 10_000}, expected=BAD),
    Hostile(
        "mail: honeypot filled",
        "POST",
        MAIL,
        {"recipient": GOOD_RECIPIENT, "website": "http://spam"},
        expected=REDIRECT,
    ),
    Hostile("mail: honeypot only", "POST", MAIL, {"website": "x"}, expected=REDIRECT),
    Hostile("mail: to a draft", "POST", "/politik/entwurf/mailen/", {"recipient": GOOD_RECIPIENT}, expected=GONE),
    Hostile(
        "mail: to a missing article", "POST", "/politik/fehlt/mailen/", {"recipient": GOOD_RECIPIENT}, expected=GONE
    ),
    Hostile(
        "mail: to the sent page", "POST", f"{MAIL}gesendet/", {"recipient": GOOD_RECIPIENT}, expected=frozenset({405})
    ),
    Hostile(
        "mail: recipient limit reached",
        "POST",
        MAIL,
        {"recipient": GOOD_RECIPIENT},
        expected=frozenset({429}),
        settings={"LINK_MAIL_PER_RECIPIENT_PER_DAY": 0},
    ),
    Hostile(
        "mail: daily limit reached",
        "POST",
        MAIL,
        {"recipient": GOOD_RECIPIENT},
        expected=frozenset({429}),
        settings={"LINK_MAIL_PER_DAY": 0},
    ),
]

# --- headers -----------------------------------------------------------------------------------------------------

HOSTS = {
    "unknown host": ("evil.example", BAD),
    "allowed host with port": ("testserver:8080", OK),
    "allowed host with bad port": ("testserver:abc", BAD),
    "userinfo before the host": ("testserver@evil.example", BAD),
    "userinfo with allowed host": ("evil.example@testserver", BAD),
    "fragment": ("evil.example#testserver", BAD),
    "path in host": ("testserver/evil", BAD),
    "empty host": ("", BAD),
    "overlong host": ("a" * 300 + ".testserver", BAD),
    "NUL in host": ("testserver\x00evil.example", BAD),
    "unicode host": ("tëstserver", BAD),
    "broken IPv6": ("[::1", BAD),
    "host list": ("testserver, evil.example", BAD),
}
HOST_HEADERS = [
    Hostile(f"Host: {label} on {path}", "GET", path, headers={"HTTP_HOST": host}, expected=expected)
    for label, (host, expected) in HOSTS.items()
    for path in ("/", ARTICLE)
] + [
    Hostile("X-Forwarded-Host ignored", "GET", "/", headers={"HTTP_X_FORWARDED_HOST": "evil.example"}),
    Hostile(
        "Link mailen with foreign host", "POST", MAIL, {"recipient": GOOD_RECIPIENT}, {"HTTP_HOST": "evil.example"}, BAD
    ),
]

COOKIES = {
    "garbage csrftoken": "csrftoken=<script>",
    "csrftoken of wrong length": "csrftoken=abc",
    "huge cookie": "x=" + "a" * 7000,
    "many cookies": "; ".join(f"c{n}=v" for n in range(300)),
    "garbage sessionid": "sessionid=garbage",
    "sessionid of 40 characters": "sessionid=" + "a" * 40,
    "sessionid with quotes": 'sessionid="a;b"',
    "unicode cookie": "sessionid=ßßß",
    "NUL in cookie": "sessionid=a\x00b",
    "malformed cookie header": ";;;=;=",
}
COOKIE_HEADERS = [
    Hostile(f"Cookie: {label} on {path}", "GET", path, headers={"HTTP_COOKIE": cookie})
    for label, cookie in COOKIES.items()
    for path in ("/", ARTICLE, "/archiv/")
] + [
    # A form post with a cookie the CSRF check cannot match: the German 403, no mail.
    Hostile(
        f"mail with Cookie: {label}",
        "POST",
        MAIL,
        {"recipient": GOOD_RECIPIENT, "csrfmiddlewaretoken": "A" * 64},
        {"HTTP_COOKIE": cookie},
        frozenset({403}),
        csrf_checks=True,
    )
    for label, cookie in COOKIES.items()
    if "csrftoken" in cookie
]

FORWARDED = {
    "garbage": "garbage",
    "empty entries": ",,,",
    "many entries": ", ".join(["10.0.0.1"] * 500),
    "huge": "1" * 8000,
    "IPv6 and port": "[::1]:80, 2001:db8::1",
    "NUL": "10.0.0.1\x00",
    "script": "<script>",
    "unicode": "١٢٣.٠.٠.١",
}


def forwarded_headers() -> list[Hostile]:
    # The client-address logic only counts where a limit is checked: Link mailen at its client limit answers 429
    # from whatever address it took, and sends nothing.
    return [
        Hostile(
            f"X-Forwarded-For {label}, {proxies} proxies, {method}",
            method,
            path,
            {"recipient": GOOD_RECIPIENT} if method == "POST" else {},
            {"HTTP_X_FORWARDED_FOR": value},
            frozenset({429}) if method == "POST" else OK,
            {"TRUSTED_PROXY_COUNT": proxies, "LINK_MAIL_PER_CLIENT_PER_HOUR": 0},
        )
        for label, value in FORWARDED.items()
        for proxies in (0, 1)
        for method, path in (("GET", "/"), ("POST", MAIL))
    ]


# --- the run -----------------------------------------------------------------------------------------------------


@pytest.fixture
def site():
    politik = SectionFactory(name="Politik", slug="politik", position=1)
    SectionFactory(name="Praxis", slug="praxis", position=2)
    ArticleTypeFactory(name="Bericht", slug="bericht")
    ArticleFactory(section=politik, slug="digitale-bauantraege", headline="Digitale Bauanträge", keywords=["Cloud"])
    for n in range(3):
        ArticleFactory(section=politik, keywords=["Cloud"], published_at=timezone.now() - timedelta(hours=n + 1))
    return ArticleFactory(section=politik, status=Article.Status.DRAFT, slug="entwurf")


def database_state() -> dict[str, list]:
    """Every row of every table, sorted: the whole database, for a before-and-after comparison (but the counters
    of the limits, which each attempt raises)."""
    state = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table == LimitCounter._meta.db_table:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            state[table] = sorted(map(repr, cursor.fetchall()))
    return state


def corpus(draft) -> list[Hostile]:
    return (
        pattern_paths()
        + FIXED_PATHS
        + page_numbers()
        + SITEMAP_PAGES
        + FEED_FORMATS
        + archive_filters()
        + preview_tokens(draft.pk)
        + LINK_MAIL_POSTS
        + HOST_HEADERS
        + COOKIE_HEADERS
        + forwarded_headers()
    )


def send(client: Client, case: Hostile):
    if case.method == "POST":
        return client.post(case.path, case.data, **case.headers)
    return (
        client.generic(case.method, case.path, **case.headers)
        if not case.data
        else client.get(case.path, case.data, **case.headers)
    )


def test_corpus_is_large_and_reaches_every_public_pattern(site):
    cases = corpus(site)
    assert len(cases) >= 150
    reached = {case.name.split(" param ")[0] for case in pattern_paths()}
    assert reached >= {name for name, path in PATTERNS if "beispiel" in path}
    assert len({case.name for case in cases}) == len(cases), "each case has its own name"


def test_database_state_sees_any_write(site):
    before = database_state()
    Article.objects.filter(pk=site.pk).update(headline="Geändert")
    assert database_state() != before


def test_every_hostile_request_gets_its_intended_status_and_changes_nothing(site, settings):
    settings.LINK_MAIL_PER_CLIENT_PER_HOUR = settings.LINK_MAIL_PER_RECIPIENT_PER_DAY = 1000
    client = Client(raise_request_exception=False)
    checking_client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    # Whatever a normal visit creates once (image renditions, the page-cache generation) exists before.
    for path in ("/", ARTICLE, "/politik/", "/archiv/", "/feeds/rss/", "/sitemap-beitraege.xml", preview_url(site)):
        assert client.get(path).status_code == 200, path
    with transaction.atomic():
        pass  # a savepoint: SQLite's search index writes out what it holds in memory
    before = database_state()
    wrong = []
    for case in corpus(site):
        LimitCounter.objects.all().delete()  # Link mailen's counters
        mail.outbox.clear()
        with override_settings(**case.settings):
            response = send(checking_client if case.csrf_checks else client, case)
        if response.status_code not in case.expected:
            wrong.append(f"{case.name}: {case.method} {case.path!r} gave {response.status_code}")
        if mail.outbox:
            wrong.append(f"{case.name}: sent mail to {mail.outbox[0].to}")
        after = database_state()
        changed = [table for table in before if before[table] != after.get(table)]
        if changed:
            wrong.append(f"{case.name}: changed {changed}")
            before = after
    assert not wrong, "\n".join(wrong)


# --- hypothesis ----------------------------------------------------------------------------------------------------

ANY_TEXT = st.text(max_size=40)
ARCHIVE_PARAMS = st.dictionaries(
    st.sampled_from(["q", "von", "bis", "bereich", "art", "stichwort", "page"]),
    st.one_of(
        ANY_TEXT,
        st.dates().map(str),
        st.dates().map(lambda day: f"{day.day}.{day.month}.{day.year}"),
        st.integers().map(str),
        st.sampled_from(["politik", "bericht", "cloud", '"', ":*", "&|!", "NEAR(", "AND OR NOT"]),
    ),
)
NO_FIXTURE_RESET = hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@NO_FIXTURE_RESET
@given(params=ARCHIVE_PARAMS)
def test_any_archive_filters_answer_200_400_or_404_never_500(site, params):
    client = Client(raise_request_exception=False)
    response = client.get("/archiv/", params)
    if response.status_code == 301:  # another spelling of a canonical query (pagecache.queries): once, then its page
        response = client.get(response["Location"])
    assert response.status_code in {200, 400, 404}, (params, response.status_code)


@NO_FIXTURE_RESET
@given(text=st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=200))
def test_any_search_text_up_to_200_characters_is_searched(site, text):
    # An empty text is another spelling of the archive without one: redirected there (pagecache.queries).
    response = Client(raise_request_exception=False).get("/archiv/", {"q": text}, follow=True)
    assert response.status_code == 200, (text, response.status_code)


PAGED = [(path, "page") for path in LISTS.values()] + [("/sitemap-beitraege.xml", "p")]


@NO_FIXTURE_RESET
@given(
    where=st.sampled_from(PAGED),
    number=st.one_of(st.integers(min_value=-(2**80), max_value=2**80), st.sampled_from([2**63, -(2**63) - 1])),
)
def test_any_page_number_is_answered_200_or_404_never_500(site, where, number):
    path, parameter = where
    response = Client(raise_request_exception=False).get(path, {parameter: str(number)})
    assert response.status_code in {200, 404}, (path, number, response.status_code)
