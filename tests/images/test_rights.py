"""Picture rights: the record and its private proof, the checks at publish time, the end of a licence on every
output, the removal of its files, the start page and the digest mail (docs/bildrechte.md)."""

import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.workflow import Action, transition_problems
from images.models import Image, ImageRights, Rendition
from images.rights import GONE_NOTE
from pages.models import Page
from tests.articles.test_print_pdf import get_pdf, pdf_text, url_of
from tests.factories import ArticleFactory, ImageFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def rights(image, **fields) -> ImageRights:
    return ImageRights.objects.create(image=image, **{"licence": ImageRights.Licence.AGENCY, **fields})


def body_with(image: Image) -> str:
    src = image.rendition_url(width=960)
    return f'<p>Vorher.</p><figure><img src="{src}" alt="{image.alt_text}"><figcaption>Im Text</figcaption></figure>'


def files_of(image: Image) -> list[str]:
    return [rendition.file.name for rendition in image.renditions.all()] + [image.file.name]


def end_licence(image: Image) -> None:
    ImageRights.objects.filter(image=image).update(valid_until=timezone.now() - timedelta(seconds=1))
    Image.objects.filter(pk=image.pk).update(licence_ends_at=timezone.now() - timedelta(seconds=1))


# --- the record and its proof --------------------------------------------------------------------------


def test_the_licence_end_travels_to_the_image_for_pages_to_decide_without_a_join():
    image = ImageFactory()
    record = rights(image, valid_until=timezone.now() + timedelta(days=3))
    assert Image.objects.get(pk=image.pk).licence_ends_at == record.valid_until
    # An image saved from an instance loaded before the record changed keeps the record's end.
    stale = Image.objects.get(pk=image.pk)
    record.valid_until = None
    record.save()
    stale.save()
    assert Image.objects.get(pk=image.pk).licence_ends_at is None


def rights_form(image, **fields):
    data = {
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "source_url": "",
        "focal_x": "",
        "focal_y": "",
        "rights-TOTAL_FORMS": "1",
        "rights-INITIAL_FORMS": "0",
        "rights-0-licence": "agency",
        "rights-0-licensor": "Bildagentur Nord",
        "rights-0-scope_web": "on",
        "rights-0-scope_print": "on",
        "rights-0-valid_until_0": "",
        "rights-0-valid_until_1": "",
        "rights-0-image": str(image.pk),
    }
    return {**data, **fields}


def test_the_redaktion_stores_a_proof_privately_and_only_it_can_open_it(client, settings, _media_root, _private_root):
    image = ImageFactory()
    editor = UserFactory(roles=["Redaktion"])
    client.force_login(editor)
    proof = SimpleUploadedFile("Vertrag Müller (privat).pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("admin:images_image_change", args=[image.pk]), rights_form(image, **{"rights-0-proof": proof})
    )
    assert response.status_code == 302, response.context["errors"]
    record = ImageRights.objects.get(image=image)
    assert record.proof.name == f"nachweise/{image.pk}/nachweis.pdf"
    assert (_private_root / record.proof.name).read_bytes() == PDF
    assert not any(path.suffix == ".pdf" for path in Path(_media_root).rglob("*"))
    with pytest.raises(ValueError):
        _ = record.proof.url  # no public address at all
    page = client.get(reverse("admin:images_image_change", args=[image.pk])).content.decode()
    assert "Nachweis öffnen" in page
    download = client.get(reverse("admin:images_image_proof", args=[image.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert "private" in download["Cache-Control"] and "no-store" in download["Cache-Control"]

    author = UserFactory(roles=["Autorin/Autor"])
    client.force_login(author)
    page = client.get(reverse("admin:images_image_change", args=[image.pk])).content.decode()
    assert "Bildrechte" in page and "Bildagentur Nord" in page
    assert "vorhanden (öffnen kann ihn nur die Redaktion)" in page and "Nachweis öffnen" not in page
    assert client.get(reverse("admin:images_image_proof", args=[image.pk])).status_code == 403
    client.logout()
    assert client.get(reverse("admin:images_image_proof", args=[image.pk])).status_code == 302


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("vertrag.pdf", b"<html><script>alert(1)</script>", "muss eine PDF-, JPEG- oder PNG-Datei sein"),
        ("programm.exe", b"MZ\x90\x00" + b"\x00" * 100, "muss eine PDF-, JPEG- oder PNG-Datei sein"),
        ("riesig.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 10), "Der Nachweis ist zu groß"),
    ],
)
def test_a_proof_that_is_no_pdf_jpeg_or_png_or_too_large_is_refused_in_german(client, settings, name, content, message):
    settings.RIGHTS_PROOF_MAX_BYTES = 1024 * 1024
    image = ImageFactory()
    client.force_login(UserFactory(roles=["Redaktion"]))
    upload = SimpleUploadedFile(name, content)
    response = client.post(
        reverse("admin:images_image_change", args=[image.pk]), rights_form(image, **{"rights-0-proof": upload})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImageRights.objects.exists()


def test_authors_read_rights_but_cannot_change_them(client):
    image = ImageFactory()
    rights(image, licensor="Bildagentur Nord")
    author = UserFactory(roles=["Autorin/Autor"])
    assert author.has_perm("images.view_imagerights")
    assert not author.has_perm("images.change_imagerights") and not author.has_perm("images.view_proof")


# --- at publish time -----------------------------------------------------------------------------------


def test_publishing_is_refused_for_an_ended_licence_a_missing_scope_and_a_licence_not_yet_valid():
    ended, no_print, later = (
        ImageFactory(alt_text="Rathaus"),
        ImageFactory(alt_text="Brücke"),
        ImageFactory(alt_text="Turm"),
    )
    ended_body = body_with(ended)  # its addresses, before the licence ends
    rights(ended, valid_until=timezone.now() - timedelta(days=1))
    rights(no_print, scope_print=False)
    rights(later, valid_from=timezone.now() + timedelta(days=2))
    article = ArticleFactory(status=Article.Status.DRAFT, lead_image=no_print, body=body_with(later))
    problems = article.publish_problems()
    assert problems == [
        f"Die Lizenz des Bildes „Brücke“ ({no_print.credit}) deckt Druck und PDF nicht ab.",
        f"Die Lizenz des Bildes „Turm“ ({later.credit}) gilt erst ab " + problems[1].split(" gilt erst ab ")[1],
    ]
    article.body = ended_body
    assert (
        f"Das Bild „Rathaus“ ({ended.credit}) ist nicht mehr verfügbar (Lizenz beendet)." in article.publish_problems()
    )
    article.status = Article.Status.PUBLISHED
    editor = UserFactory(roles=["Redaktion"])
    assert transition_problems(article=article, user=editor, from_status=Article.Status.DRAFT)


def test_a_missing_licence_counts_only_where_the_redaktion_requires_one(settings):
    image = ImageFactory(alt_text="Marktplatz")
    article = ArticleFactory(status=Article.Status.DRAFT, lead_image=image)
    settings.IMAGE_RIGHTS_REQUIRED = False
    assert article.publish_problems() == []
    settings.IMAGE_RIGHTS_REQUIRED = True
    assert article.publish_problems() == [f"Für das Bild „Marktplatz“ ({image.credit}) ist keine Lizenz erfasst."]
    rights(image, licence=ImageRights.Licence.UNKNOWN)
    assert article.publish_problems() == [f"Für das Bild „Marktplatz“ ({image.credit}) ist keine Lizenz erfasst."]
    ImageRights.objects.filter(image=image).update(licence=ImageRights.Licence.OWN)
    assert article.publish_problems() == []


def test_the_admin_refuses_to_publish_and_names_the_picture(client):
    from tests.workflow_helpers import article_admin_data

    image = ImageFactory(alt_text="Hafenkran")
    rights(image, valid_until=timezone.now() - timedelta(hours=1))
    article = ArticleFactory(status=Article.Status.DRAFT, lead_image=image)
    client.force_login(UserFactory(roles=["Redaktion"]))
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), article_admin_data(article, action=Action.PUBLISH)
    )
    assert response.status_code == 200
    assert "„Hafenkran“" in response.content.decode() and "Lizenz beendet" in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


# --- at the end of a licence ---------------------------------------------------------------------------


@pytest.fixture
def ending(settings):
    """A published article whose lead image and body picture have licences; a page with the body picture."""
    settings.SERVE_MEDIA = True
    lead, inline = ImageFactory(alt_text="Leuchtturm im Nebel"), ImageFactory(alt_text="Deich bei Flut")
    rights(lead)
    rights(inline)
    article = ArticleFactory(lead_image=lead, body=body_with(inline), headline="Küstenschutz digital", slug="kueste")
    other = ArticleFactory(lead_image=lead, headline="Zweiter Beitrag", slug="zweiter")
    page = Page.objects.create(title="Impressum", slug="impressum", body=body_with(inline), is_published=True)
    return article, other, page, lead, inline


def public_urls(article, other, page) -> list[str]:
    return [
        "/",
        article.get_absolute_url(),
        other.get_absolute_url(),
        url_of("articles:detail-print", article),
        article.section.get_absolute_url(),
        "/feeds/rss/",
        "/feeds/atom/",
        "/sitemap-beitraege.xml",
        "/sitemap-news.xml",
        page.get_absolute_url(),
    ]


def references(client, urls, images) -> dict[str, list[str]]:
    """Which of `urls` mention a file, the address or the alternative text of one of `images`."""
    marks = []
    for image in images:
        marks += [f"renditions/{image.pk}/", image.alt_text]
        if image.file:
            marks.append(image.file.name)
    found = {}
    for url in urls:
        text = client.get(url).content.decode()
        hits = [mark for mark in marks if mark in text]
        if hits:
            found[url] = hits
    return found


def test_from_the_first_request_after_the_end_the_picture_is_gone_from_every_output(client, ending, tmp_path):
    article, other, page, lead, inline = ending
    urls = public_urls(article, other, page)
    before = references(client, urls, [lead, inline])  # also fills the page cache
    assert set(before) == set(urls) - {"/sitemap-news.xml"} or set(before) == set(urls)
    _response, old_pdf = get_pdf(client, article)
    ImageRights.objects.filter(image__in=[lead, inline]).update(valid_until=timezone.now() + timedelta(seconds=1))
    # Written the way the admin writes it: the image row carries the end (the generation changes with it).
    for image in (lead, inline):
        image.save()
    time.sleep(1.1)
    assert references(client, urls, [lead, inline]) == {}
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count(str(GONE_NOTE)) == 2  # lead image and body picture, each replaced by the note
    assert '<meta property="og:image"' not in html and '"image":' not in html
    assert str(GONE_NOTE) in client.get(page.get_absolute_url()).content.decode()
    _response, new_pdf = get_pdf(client, article)
    text = pdf_text(new_pdf, tmp_path)
    assert "Bild nicht mehr verfügbar" in text and lead.credit not in text and inline.credit not in text
    assert new_pdf != old_pdf


# Committed for real: the removal runs once the next writing transaction has committed.
@pytest.mark.django_db(transaction=True)
def test_the_files_go_with_the_next_write_and_nothing_is_reachable_under_an_old_address(client, ending, _private_root):
    article, _other, _page, lead, inline = ending
    get_pdf(client, article)
    pdfs = default_storage.listdir("pdf-cache")[1]
    assert pdfs
    old = {image.pk: files_of(image) for image in (lead, inline)}
    addresses = [default_storage.url(name) for names in old.values() for name in names]
    end_licence(lead)
    end_licence(inline)
    # Until the files are removed, Django (SERVE_MEDIA) already answers 404 for them.
    assert [client.get(address).status_code for address in addresses] == [404] * len(addresses)
    ArticleFactory(headline="Irgendein neuer Beitrag")  # the next write
    assert [name for names in old.values() for name in names if default_storage.exists(name)] == []
    assert not any(name.startswith(f"{article.pk}-") for name in default_storage.listdir("pdf-cache")[1])
    assert not Rendition.objects.filter(image__in=[lead, inline]).exists()
    stored = Image.objects.get(pk=lead.pk)
    assert (stored.file.name, stored.files_removed_at is not None) == ("", True)
    # The original is kept privately, for the Redaktion's records.
    kept = ImageRights.objects.get(image=lead).withdrawn_original
    assert kept.startswith(f"zurueckgezogen/{lead.pk}/") and (_private_root / kept).exists()
    assert [client.get(address).status_code for address in addresses] == [404] * len(addresses)
    # Pages still work, with the note.
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get(reverse("admin:images_image_changelist")).status_code in {200, 302}


def test_the_command_removes_what_is_left(ending, capsys):
    _article, _other, _page, lead, inline = ending
    end_licence(lead)
    names = files_of(lead)
    call_command("remove_ended_pictures")
    assert f"1 Bild(er) entfernt: {lead.pk}" in capsys.readouterr().out
    assert not any(default_storage.exists(name) for name in names)
    assert all(default_storage.exists(name) for name in files_of(inline))
    call_command("remove_ended_pictures")
    assert "0 Bild(er) entfernt." in capsys.readouterr().out


def test_a_cached_page_changes_at_the_licence_end_without_any_write(client):
    image = ImageFactory(alt_text="Windpark vor der Küste")
    rights(image, valid_until=timezone.now() + timedelta(seconds=1))
    article = ArticleFactory(lead_image=image)
    first = client.get(article.get_absolute_url())
    assert image.alt_text in first.content.decode()
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    time.sleep(1.1)
    assert image.alt_text not in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.usefixtures("no_page_cache")
def test_the_article_page_query_count_does_not_grow_with_rights_records(client):
    counts = []
    for size in (0, 1, 4):
        pictures = [ImageFactory() for _ in range(size)]
        for picture in pictures:
            rights(picture, valid_until=timezone.now() + timedelta(days=10))
        body = "".join(body_with(picture) for picture in pictures) or "<p>Ohne Bild.</p>"
        article = ArticleFactory(lead_image=pictures[0] if pictures else ImageFactory(), body=body)
        client.get(article.get_absolute_url())
        with CaptureQueriesContext(connection) as context:
            assert client.get(article.get_absolute_url()).status_code == 200
        counts.append(len(context.captured_queries))
    # A body with pictures costs one query for all of them (whose licences ended), however many there are.
    assert counts[1] == counts[2] <= counts[0] + 2


# --- where used ------------------------------------------------------------------------------------------


def test_the_usage_registry_agrees_with_a_scan_of_every_public_output(client, ending):
    from images.usage import usages_of
    from people.models import Contributor

    article, other, page, lead, inline = ending
    portrait = ImageFactory(alt_text="Porträt")
    contributor = Contributor.objects.create(name="Anna Beispiel", slug="anna", portrait=portrait)
    get_pdf(client, article)
    urls = [*public_urls(article, other, page), contributor.get_absolute_url()]
    for image in (lead, inline, portrait):
        registered = {(usage.title, usage.how) for usage in usages_of(image.pk)}
        scanned = set(references(client, urls, [image]))
        # Every public output that shows the picture belongs to a registered use, and every use is shown somewhere.
        by_use = {
            "Aufmacherbild und Anrisse": {article.get_absolute_url(), other.get_absolute_url()},
            "Bild im Text": {article.get_absolute_url()},
            "Bild im Text einer Seite": {page.get_absolute_url()},
            "Porträt": {contributor.get_absolute_url()},
            "zwischengespeichertes PDF": set(),
        }
        expected = set().union(*(by_use[how] for _title, how in registered))
        assert expected <= scanned, (image.alt_text, registered, scanned)
        pages = {article.get_absolute_url(), other.get_absolute_url(), page.get_absolute_url()}
        details = scanned & (pages | {contributor.get_absolute_url()})
        assert details <= expected, (image.alt_text, registered, scanned)
    assert {(u.title, u.how) for u in usages_of(lead.pk)} == {
        (article.headline, "Aufmacherbild und Anrisse"),
        (other.headline, "Aufmacherbild und Anrisse"),
        (article.headline, "zwischengespeichertes PDF"),
    }
    assert {(u.title, u.how) for u in usages_of(inline.pk)} == {
        (article.headline, "Bild im Text"),
        ("Impressum", "Bild im Text einer Seite"),
        (article.headline, "zwischengespeichertes PDF"),
    }
    assert {(u.title, u.how) for u in usages_of(portrait.pk)} == {("Anna Beispiel", "Porträt")}


def test_the_image_form_lists_every_use(admin_client, ending):
    article, _other, _page, _lead, inline = ending
    html = admin_client.get(reverse("admin:images_image_change", args=[inline.pk])).content.decode()
    assert f"{article.headline}</a> (Bild im Text" in html and "Impressum</a> (Bild im Text einer Seite" in html


# --- ending soon: start page and digest ------------------------------------------------------------------


def test_the_start_page_and_one_digest_mail_list_licences_ending_within_30_days(client, settings):
    settings.RIGHTS_DIGEST_TO = []
    soon = ImageFactory(alt_text="Solardach <Rathaus>")
    later = ImageFactory(alt_text="Später")
    rights(soon, valid_until=timezone.now() + timedelta(days=3), licensor="Agentur Süd")
    rights(later, valid_until=timezone.now() + timedelta(days=45))
    editor = UserFactory(roles=["Redaktion"], email="redaktion@example.org")
    UserFactory(roles=["Redaktion"], email="chefin@example.org")
    UserFactory(roles=["Autorin/Autor"], email="autor@example.org")
    client.force_login(editor)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Bildlizenzen, die in den nächsten 30 Tagen enden" in index
    assert "Solardach &lt;Rathaus&gt;</a>" in index and "Später" not in index
    call_command("send_licence_digest")
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sorted(sent.bcc) == ["chefin@example.org", "redaktion@example.org"]
    assert "„Solardach <Rathaus>“" in sent.body and "Agentur Süd" in sent.body and "Später" not in sent.body
    assert f"/admin/images/image/{soon.pk}/change/" in sent.body


def test_no_digest_when_nothing_ends():
    UserFactory(roles=["Redaktion"], email="redaktion@example.org")
    call_command("send_licence_digest")
    assert mail.outbox == []


def test_the_editors_start_page_needs_no_licence_block_for_a_user_without_the_right(client):
    user = UserFactory()
    client.force_login(user)
    assert "Bildlizenzen" not in client.get(reverse("admin:index")).content.decode()


def test_private_media_never_lies_below_media_root(settings):
    from newsroom import settings as project_settings

    assert (
        not Path(project_settings.PRIVATE_MEDIA_ROOT)
        .resolve()
        .is_relative_to(Path(project_settings.MEDIA_ROOT).resolve())
    )
