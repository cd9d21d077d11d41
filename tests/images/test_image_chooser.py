"""The image chooser's views (images/chooser.py): search, choose, upload and complete, with the image admin's rights
and upload checks; JSON data only; any search text, page or id gets an empty result or a German message, never an
error page."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.richtext import BODY_IMAGE_WIDTH, is_rendition_path
from images.chooser import PAGE_SIZE
from images.models import Image, ImageRights, Rendition
from tests.factories import ImageFactory, UserFactory, jpeg_bytes
from tests.images.test_image_uploads import BAD_FILES, stored_files

pytestmark = pytest.mark.django_db

SEARCH = reverse("admin:images_image_chooser")
UPLOAD = reverse("admin:images_image_chooser_upload")


def chosen_url(pk) -> str:
    return f"{SEARCH}{pk}/"


def details_url(pk) -> str:
    return f"{SEARCH}{pk}/angaben/"


@pytest.fixture
def author(client):
    client.force_login(UserFactory(roles=["Autorin/Autor"]))
    return client


def found(response) -> list[str]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return [image["alt_text"] for image in response.json()["results"]]


# --- search ---------------------------------------------------------------------------------------------------


def test_search_finds_images_by_alt_text_caption_and_credit_newest_first(author):
    ImageFactory(alt_text="Rathaus am Markt", caption="Frisch saniert", credit="Stadt Musterhausen")
    ImageFactory(alt_text="Plenarsaal", caption="Sitzung im Rathaus", credit="Landtag")
    ImageFactory(alt_text="Bauamt", caption="", credit="Pressestelle Rathausstadt")
    ImageFactory(alt_text="Wald", caption="", credit="Forstamt")

    assert found(author.get(SEARCH, {"q": "rathaus"})) == ["Bauamt", "Plenarsaal", "Rathaus am Markt"]
    assert found(author.get(SEARCH, {"q": "Rathaus Landtag"})) == ["Plenarsaal"]
    assert found(author.get(SEARCH)) == ["Wald", "Bauamt", "Plenarsaal", "Rathaus am Markt"]
    none = author.get(SEARCH, {"q": "Flughafen"}).json()
    assert none["results"] == [] and none["message"] == "Kein Bild passt zu „Flughafen“."


def test_results_carry_thumbnails_credit_and_what_is_missing_as_data(author):
    ImageFactory(alt_text="<script>alert(1)</script>", credit="")
    [image] = author.get(SEARCH).json()["results"]
    assert image["alt_text"] == "<script>alert(1)</script>" and image["credit"] == ""
    assert image["missing"] == ["credit"]
    assert image["thumbnail"].startswith("/media/renditions/") and image["thumbnail"].endswith("-320.jpeg")
    assert image["body"] is None  # made only for the image chosen


def test_results_come_in_pages_of_bounded_cost(author, django_assert_max_num_queries):
    for n in range(PAGE_SIZE + 3):
        ImageFactory(alt_text=f"Bild {n:02d}", renditions=n % 2 == 0)
    with django_assert_max_num_queries(
        8
    ):  # the host's portal, session, user, two for permissions; count, page, renditions
        first = author.get(SEARCH).json()
    assert (first["count"], first["pages"], first["page"], len(first["results"])) == (PAGE_SIZE + 3, 2, 1, PAGE_SIZE)
    assert first["message"] == f"{PAGE_SIZE + 3} Bilder"
    # Images whose renditions are not made yet show none: a page of the chooser never makes renditions.
    assert {bool(image["thumbnail"]) for image in first["results"]} == {True, False}
    assert Rendition.objects.values("image").distinct().count() == (PAGE_SIZE + 3 + 1) // 2
    second = author.get(SEARCH, {"seite": "2"}).json()
    assert [image["alt_text"] for image in second["results"]] == ["Bild 02", "Bild 01", "Bild 00"]


@pytest.mark.parametrize("page", ["0", "-1", "3", "abc", "1.5", "٣", "9" * 40, "2" * 7, " "])
def test_a_page_that_does_not_exist_gets_a_german_message(author, page):
    ImageFactory()
    answer = author.get(SEARCH, {"seite": page}).json()
    if page.strip():
        assert (
            answer["results"] == []
            and answer["message"] == "Diese Seite gibt es nicht. Bitte beginnen Sie auf Seite 1."
        )
    else:
        assert len(answer["results"]) == 1


@pytest.mark.parametrize("text", ["\x00", "%", "_", "'; DROP TABLE images_image; --", "ü" * 5000, "a " * 500])
def test_any_search_text_gets_an_answer(author, text):
    ImageFactory(alt_text="Rathaus")
    assert author.get(SEARCH, {"q": text}).status_code == 200


def test_readers_and_staff_without_the_library_get_nothing(client):
    ImageFactory(alt_text="Geheim")
    assert client.get(SEARCH).status_code == 302  # to the login
    client.force_login(UserFactory())
    for response in (client.get(SEARCH), client.get(chosen_url(Image.objects.get().pk))):
        assert response.status_code == 403
        assert response.json() == {"error": "Sie dürfen die Bildbibliothek nicht sehen."}


# --- choose ---------------------------------------------------------------------------------------------------


def test_the_chosen_image_comes_with_the_body_rendition_made_now(author):
    image = ImageFactory(file=ContentFile(jpeg_bytes(1600, 900), name="gross.jpg"), renditions=False)
    data = author.get(chosen_url(image.pk)).json()
    assert data["body"]["width"] == BODY_IMAGE_WIDTH and data["body"]["height"] == 540
    assert is_rendition_path(data["body"]["src"]) and data["body"]["src"].endswith(f"-{BODY_IMAGE_WIDTH}.jpeg")
    assert data["thumbnail"].endswith("-320.jpeg") and image.file.url not in str(data)
    assert data["credit"] == image.credit and data["missing"] == []


@pytest.mark.parametrize("pk", ["0", "999999", "9" * 30, "18446744073709551616"])
def test_an_unknown_image_gets_a_german_message(author, pk):
    for url in (chosen_url(pk), details_url(pk)):
        response = author.get(url) if url == chosen_url(pk) else author.post(url, {"credit": "x", "alt_text": "x"})
        assert response.status_code == 404
        assert response.json() == {"error": "Dieses Bild gibt es nicht (mehr) in der Bildbibliothek."}


# --- upload ---------------------------------------------------------------------------------------------------


def upload(client, content=None, name="foto.jpg", **fields):
    data = {"alt_text": "Das neue Bürgerbüro", "credit": "Stadt Musterhausen", "caption": "", **fields}
    if content is not False:
        data["file"] = SimpleUploadedFile(name, content or jpeg_bytes(1200, 800), content_type="image/jpeg")
    return client.post(UPLOAD, data)


def test_an_upload_with_credit_and_alt_text_is_stored_with_its_renditions_and_chosen(author, _media_root):
    response = upload(author, caption="Eröffnung im Mai")
    assert response.status_code == 201, response.content
    data = response.json()
    image = Image.objects.get()
    assert (image.alt_text, image.credit, image.caption) == (
        "Das neue Bürgerbüro",
        "Stadt Musterhausen",
        "Eröffnung im Mai",
    )
    assert image.uploaded_by.has_perm("images.add_image")
    assert data["id"] == image.pk and data["body"]["width"] == BODY_IMAGE_WIDTH
    assert Rendition.objects.filter(image=image).count() > 0, "renditions are made on upload, as in the admin"


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"credit": ""}, "credit", "Dieses Feld ist zwingend erforderlich."),
        ({"alt_text": "  "}, "alt_text", "Dieses Feld ist zwingend erforderlich."),
        ({"credit": "x" * 201}, "credit", "höchstens 200 Zeichen"),
    ],
)
def test_an_upload_without_credit_or_alt_text_is_refused_in_german_and_stores_nothing(
    author, _media_root, fields, field, message
):
    response = upload(author, **fields)
    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"][field])
    assert not Image.objects.exists() and stored_files(_media_root) == []


def test_an_upload_without_a_file_is_refused_in_german(author, _media_root):
    response = upload(author, content=False)
    assert response.status_code == 400
    assert response.json()["errors"]["file"] == ["Dieses Feld ist zwingend erforderlich."]


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_every_file_the_image_admin_refuses_is_refused_here_too(author, _media_root, case):
    name, content, message = BAD_FILES[case]
    response = upload(author, content() if callable(content) else content, name=name)
    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"]["file"])
    assert not Image.objects.exists() and stored_files(_media_root) == []


def test_the_size_limit_of_the_image_admin_holds_here_too(author, _media_root, settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 10 * 1024
    response = upload(author, jpeg_bytes(1600, 1200))
    assert "Die Datei ist zu groß" in " ".join(response.json()["errors"]["file"])
    assert stored_files(_media_root) == []


def test_uploading_needs_the_right_to_add_images(client, _media_root):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_image"))
    client.force_login(user)
    response = upload(client)
    assert response.status_code == 403 and response.json() == {"error": "Sie dürfen keine Bilder hochladen."}
    assert not Image.objects.exists() and stored_files(_media_root) == []
    assert client.get(UPLOAD).status_code == 405


# --- complete -------------------------------------------------------------------------------------------------


def test_a_missing_credit_is_filled_in_from_the_chooser(author):
    image = ImageFactory(credit="", alt_text="Rathaus")
    response = author.post(details_url(image.pk), {"alt_text": "Rathaus am Markt", "credit": "Stadt Musterhausen"})
    assert response.status_code == 200
    image.refresh_from_db()
    assert (image.alt_text, image.credit, image.caption) == ("Rathaus am Markt", "Stadt Musterhausen", "")
    assert response.json()["missing"] == []


def test_completing_refuses_an_empty_credit_and_changes_nothing(author):
    image = ImageFactory(credit="", alt_text="Rathaus")
    response = author.post(details_url(image.pk), {"alt_text": "Neu", "credit": ""})
    assert response.status_code == 400
    assert response.json()["errors"] == {"credit": ["Dieses Feld ist zwingend erforderlich."]}
    image.refresh_from_db()
    assert image.alt_text == "Rathaus"


def test_completing_needs_the_right_to_change_images(client):
    image = ImageFactory(credit="")
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_image"))
    client.force_login(user)
    response = client.post(details_url(image.pk), {"alt_text": "x", "credit": "y"})
    assert response.status_code == 403
    image.refresh_from_db()
    assert image.credit == ""


# --- picture rights -------------------------------------------------------------------------------------------


def test_pictures_whose_licence_has_ended_are_neither_offered_nor_chosen(author):
    ended = ImageFactory(alt_text="Messe 2023")
    ImageRights.objects.create(
        image=ended, licence=ImageRights.Licence.AGENCY, valid_until=timezone.now() - timedelta(days=1)
    )
    kept = ImageFactory(alt_text="Messe 2024")
    ImageRights.objects.create(image=kept, licence=ImageRights.Licence.AGENCY, licensor="Agentur Süd")
    results = author.get(SEARCH, {"q": "Messe"}).json()["results"]
    assert [(image["alt_text"], image["licence"]) for image in results] == [("Messe 2024", "Agentur")]
    for response in (author.get(chosen_url(ended.pk)), author.post(details_url(ended.pk), {"credit": "x"})):
        assert response.status_code == 410
        assert response.json() == {
            "error": "Die Lizenz dieses Bildes ist beendet; es kann nicht mehr verwendet werden."
        }
    assert author.get(SEARCH, {"q": "Wald"}).json()["results"] == []
    ImageFactory(alt_text="Wald")
    assert [image["licence"] for image in author.get(SEARCH, {"q": "Wald"}).json()["results"]] == ["ohne Lizenzangaben"]
