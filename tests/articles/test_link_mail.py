"""Link mailen against a real SMTP server (aiosmtpd on 127.0.0.1): delivery, bad input, limits, privacy."""

import logging

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.models import Article
from tests.factories import ArticleFactory
from tests.mail_server import free_port

pytestmark = pytest.mark.django_db

ADDRESS = "kollegin@amt-musterstadt.de"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def article():
    return ArticleFactory(
        kicker="Musterland",
        headline="Beitritt zur IT-Union & mehr",
        slug="beitritt-zur-it-union",
        lead="Das Land tritt dem Verbund bei.",
    )


def mail_url(article, name="articles:detail-mail"):
    return reverse(name, kwargs={"section": article.section.slug, "slug": article.slug})


def post(client, article, data, remote_addr="192.0.2.10", **extra):
    return client.post(mail_url(article), data, REMOTE_ADDR=remote_addr, **extra)


def test_form_page_offers_only_the_address_a_honeypot_and_mailto(client, article, settings):
    response = client.get(mail_url(article))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="recipient"' in html and 'type="email"' in html
    assert 'name="website"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "<textarea" not in html
    main = html[html.index("<main") : html.index("</main>")]
    assert main.count("<input") == 3
    assert (
        'href="mailto:?subject=Lesetipp%3A%20Beitritt%20zur%20IT-Union%20%26%20mehr'
        '&amp;body=http%3A//127.0.0.1%3A8000/politik/beitritt-zur-it-union/">Mit eigenem E-Mail-Programm senden</a>'
        in html
    )
    assert '<meta name="robots" content="noindex">' in html
    assert "csrftoken" in response.cookies


def test_link_arrives_at_exactly_the_one_recipient_with_subject_and_canonical_link(client, smtp, article, settings):
    settings.ALLOWED_HOSTS = ["angreifer.example", "testserver"]
    response = post(client, article, {"recipient": ADDRESS, "website": ""}, HTTP_HOST="angreifer.example")
    assert response.status_code == 302
    assert response["Location"] == mail_url(article, "articles:detail-mail-sent")
    [envelope] = smtp.envelopes
    assert envelope.rcpt_tos == [ADDRESS]
    assert envelope.mail_from == "redaktion@verwaltung-digital.example"
    [message] = smtp.messages()
    assert " ".join(str(message["Subject"]).split()) == "Lesetipp: Beitritt zur IT-Union & mehr"
    assert message["To"] == ADDRESS
    link = "http://127.0.0.1:8000/politik/beitritt-zur-it-union/"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for part in (text, html):
        assert link in part
        assert "angreifer.example" not in part
        assert "Musterland" in part
        assert "Das Land tritt dem Verbund bei." in part
        assert "Eine Leserin oder ein Leser von Verwaltung digital hat darum gebeten" in part
        assert article.published_at.astimezone().strftime("%-d.%-m.%Y") in part
    assert "Beitritt zur IT-Union & mehr" in text
    assert "Beitritt zur IT-Union &amp; mehr" in html

    confirmation = client.get(response["Location"])
    assert "Link verschickt" in confirmation.content.decode()
    assert f'href="{article.get_absolute_url()}">Zurück zum Beitrag' in confirmation.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"recipient": "keine-adresse"}, "gültige E-Mail-Adresse"),
        ({"recipient": ""}, "Bitte eine E-Mail-Adresse angeben."),
        ({"recipient": "a@amt-musterstadt.de, b@amt-musterstadt.de"}, "genau eine Adresse"),
        ({"recipient": "a@amt-musterstadt.de;b@amt-musterstadt.de"}, "genau eine Adresse"),
        ({"recipient": "a@amt-musterstadt.de b@amt-musterstadt.de"}, "genau eine Adresse"),
        ({"recipient": ["a@amt-musterstadt.de", "b@amt-musterstadt.de"]}, "genau eine Adresse"),
        ({"recipient": "a@amt-musterstadt.de\r\nBcc: b@amt-musterstadt.de"}, "Zeilenumbruch"),
        ({"recipient": "a@amt-musterstadt.de\nBcc: b@amt-musterstadt.de"}, "Zeilenumbruch"),
        ({"recipient": "a@amt-musterstadt.de\r\n"}, "Zeilenumbruch"),
        ({"recipient": "a" * 64 + "@" + ("b" * 62 + ".") * 3 + "de"}, "höchstens 254 Zeichen"),
        ({"recipient": ADDRESS, "url": "https://spam.example"}, "Felder, die es nicht gibt"),
        ({"recipient": ADDRESS, "message": "Kaufen Sie jetzt!"}, "Felder, die es nicht gibt"),
        ({"recipient": ADDRESS, "sender": "Chef"}, "Felder, die es nicht gibt"),
    ],
    ids=lambda value: None if isinstance(value, dict) else value[:12],
)
def test_bad_input_gets_a_german_form_error_and_sends_nothing(client, smtp, article, data, message):
    response = post(client, article, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert smtp.envelopes == []


def test_filled_honeypot_gets_the_same_confirmation_and_no_mail(client, smtp, article):
    response = post(client, article, {"recipient": ADDRESS, "website": "https://spam.example"})
    assert response.status_code == 302
    assert response["Location"] == mail_url(article, "articles:detail-mail-sent")
    assert smtp.envelopes == []


@pytest.mark.parametrize("status", [Article.Status.DRAFT, None])
def test_draft_or_unknown_article_is_404_and_sends_nothing(client, smtp, status):
    article = ArticleFactory(status=status or Article.Status.PUBLISHED)
    url = mail_url(article)
    if status is None:
        url = url.replace(article.slug, "gibt-es-nicht")
    assert client.post(url, {"recipient": ADDRESS}).status_code == 404
    assert smtp.envelopes == []


def test_client_limit_answers_429_in_german(client, smtp, article, settings):
    settings.LINK_MAIL_PER_CLIENT_PER_HOUR = 2
    for n in range(2):
        assert post(client, article, {"recipient": f"person{n}@amt-musterstadt.de"}).status_code == 302
    response = post(client, article, {"recipient": "person9@amt-musterstadt.de"})
    assert response.status_code == 429
    assert "Von Ihrem Anschluss wurden in der letzten Stunde schon viele Links verschickt." in response.content.decode()
    assert (
        post(client, article, {"recipient": "person9@amt-musterstadt.de"}, remote_addr="198.51.100.7").status_code
        == 302
    )
    assert len(smtp.envelopes) == 3


def test_recipient_limit_answers_429_whoever_asks(client, smtp, article, settings):
    settings.LINK_MAIL_PER_RECIPIENT_PER_DAY = 1
    assert post(client, article, {"recipient": ADDRESS}, remote_addr="192.0.2.1").status_code == 302
    response = post(client, article, {"recipient": ADDRESS.upper()}, remote_addr="192.0.2.2")
    assert response.status_code == 429
    assert "An diese Adresse können heute keine weiteren Links verschickt werden." in response.content.decode()
    assert len(smtp.envelopes) == 1


def test_global_daily_cap_answers_429(client, smtp, article, settings):
    settings.LINK_MAIL_PER_DAY = 2
    for n in range(2):
        assert (
            post(client, article, {"recipient": f"p{n}@amt-musterstadt.de"}, remote_addr=f"192.0.2.{n}").status_code
            == 302
        )
    response = post(client, article, {"recipient": "p9@amt-musterstadt.de"}, remote_addr="192.0.2.99")
    assert response.status_code == 429
    assert "Heute wurden über diese Seite schon sehr viele Links verschickt." in response.content.decode()
    assert len(smtp.envelopes) == 2


def test_no_address_is_kept_in_database_cache_or_log(client, smtp, article, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    # The test's own SMTP server ("mail.log") logs its conversation; the site's loggers are what counts.
    site_log = lambda: "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("mail.log"))  # noqa: E731
    assert post(client, article, {"recipient": ADDRESS}).status_code == 302
    assert len(smtp.envelopes) == 1
    call_command("dumpdata", "--all")
    database = capsys.readouterr().out
    assert article.headline in database  # the dump really holds the data
    stored = repr(list(cache._cache.items())) + repr(list(cache._cache.keys()))
    for trace in (database, stored, site_log()):
        assert ADDRESS not in trace
        assert "192.0.2.10" not in trace


def test_smtp_failure_gives_a_german_error_page_and_a_log_without_the_address(client, settings, article, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens here
    response = post(client, article, {"recipient": ADDRESS})
    assert response.status_code == 503
    assert "Die E-Mail konnte gerade nicht verschickt werden." in response.content.decode()
    assert "Link mailen: sending failed" in caplog.text
    assert ADDRESS not in caplog.text


form_keys = st.sampled_from(["recipient", "website", "url", "message", "to", "cc", "csrfmiddlewaretoken"]) | st.text(
    min_size=1, max_size=10
)
form_values = (
    st.text(max_size=300)
    | st.emails()
    | st.lists(st.emails(), min_size=1, max_size=3).map(lambda addresses: ",".join(addresses))
    | st.emails().map(lambda address: f"{address}\r\nBcc: opfer@amt-musterstadt.de")
)


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(form_keys, form_values | st.lists(form_values, max_size=3), max_size=5))
def test_random_form_data_never_gives_a_500_or_mails_more_than_one_recipient(client, smtp, article, data):
    sent_before = len(smtp.envelopes)
    response = post(client, article, data)
    assert response.status_code in {302, 400, 429}
    assert all(len(envelope.rcpt_tos) == 1 for envelope in smtp.envelopes)
    assert len(smtp.envelopes) - sent_before <= 1


NOT_PUBLIC = "An diese Adresse verschicken wir keine Links."


@pytest.mark.parametrize(
    "address",
    [
        "leser@[127.0.0.1]",
        "leser@[10.0.0.1]",
        "leser@[IPv6:::1]",
        "root@localhost",
        "root@mailserver",
        '"a@b"@amt-musterstadt.de',
        '"leser"@amt-musterstadt.de',
        "opfer%amt-musterstadt.de@relais.de",
        "relais!opfer@amt-musterstadt.de",
        "=?utf-8?q?leser?=@amt-musterstadt.de",
        "leser@amt.localhost",
        "leser@drucker.local",
        "leser@amt.invalid",
        "leser@amt.test",
        "leser@amt.example",
        "leser@example.org",
        "leser@intranet.internal",
        "leser@10.0.0.1",
        "leser@amt.123",
    ],
)
def test_address_outside_the_public_rule_gets_german_error_and_never_reaches_the_server(client, smtp, article, address):
    response = post(client, article, {"recipient": address})

    assert response.status_code == 400
    html = response.content.decode()
    assert NOT_PUBLIC in html or "gültige E-Mail-Adresse" in html
    assert smtp.envelopes == []


@pytest.mark.parametrize(
    ("address", "envelope_address"),
    [
        ("leserin@münchen.de", "leserin@xn--mnchen-3ya.de"),
        ("Kollegin@Straße.DE", "Kollegin@xn--strae-oqa.de"),
        ("vorname.nachname+lesetipp@sub.amt-musterstadt.de", "vorname.nachname+lesetipp@sub.amt-musterstadt.de"),
    ],
)
def test_international_and_plain_addresses_arrive_punycoded(client, smtp, article, address, envelope_address):
    response = post(client, article, {"recipient": address})

    assert response.status_code == 302
    [envelope] = smtp.envelopes
    assert envelope.rcpt_tos == [envelope_address]
    assert smtp.messages()[0]["To"] == envelope_address
