"""Images in real Chromium: the browser picks a WebP rendition, and editors set the focal point by clicking."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from tests.factories import ArticleFactory, ImageFactory, jpeg_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def test_article_page_loads_a_webp_rendition_without_layout_jump_and_stays_accessible(page, page_log, axe):
    image = ImageFactory(file=ContentFile(jpeg_bytes(2400, 1600), name="gross.jpg"), credit="Verbund eG")
    article = ArticleFactory(lead_image=image)

    page.goto(article.get_absolute_url())
    picture = page.locator(".article-figure img")
    picture.evaluate("img => img.decode()")

    assert picture.evaluate("img => img.currentSrc").endswith(".webp")
    box = picture.bounding_box()
    assert abs(box["width"] / box["height"] - 1.5) < 0.01
    assert page.locator(".article-figure .credit").inner_text() == "Bild: Verbund eG"
    assert page_log.foreign_requests() == [] and page_log.errors == []
    assert not [url for url in page_log.requests if url.endswith("gross.jpg")], "never the original"
    violations = axe()
    assert violations == [], axe.format(violations)


def test_editor_sets_the_focal_point_by_clicking_the_preview(page, page_log, live_server):
    get_user_model().objects.create_superuser("redaktion", "r@example.org", "ein-langes-passwort")
    image = ImageFactory(file=ContentFile(jpeg_bytes(1200, 800), name="fokus.jpg"))

    page.goto("/admin/login/")
    page.fill("#id_username", "redaktion")
    page.fill("#id_password", "ein-langes-passwort")
    page.click("input[type=submit]")
    page.goto(f"/admin/images/image/{image.pk}/change/")
    preview = page.locator(".nr-focal-picker img")
    box = preview.bounding_box()
    preview.click(position={"x": box["width"] * 0.75, "y": box["height"] * 0.25})

    assert abs(float(page.input_value("#id_focal_x")) - 0.75) < 0.01
    assert abs(float(page.input_value("#id_focal_y")) - 0.25) < 0.01
    assert page.locator(".nr-focal-marker").is_visible()
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/images/image/")
    image.refresh_from_db()
    assert abs(image.focal_x - 0.75) < 0.01 and abs(image.focal_y - 0.25) < 0.01
    assert image.rendition(width=320, crop="16:9").source_key == image.rendition_key("16:9"), "crops renewed"
    assert page_log.errors == []
