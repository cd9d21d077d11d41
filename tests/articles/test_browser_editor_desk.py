"""The editor's desk in Chromium, under the admin's CSP: keywords as chips in the editor's order, the image chooser
for the lead image (search, upload, drag and drop, missing credit), pictures in the body from the toolbar, and an
editor that speaks German."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, Keyword
from images.models import Image
from tests.factories import ArticleFactory, ContributorFactory, ImageFactory, jpeg_bytes
from tests.site.test_security_browser import RECORD_VIOLATIONS
from tests.workflow_helpers import editor, log_in_browser, wait_for_editor_selection

pytestmark = pytest.mark.django_db(transaction=True)

ORDER = ["Politik", "KID Magdeburg", "Sachsen-Anhalt", "KITU"]
# Texts of django-prose-editor and of Django's widgets that must not reach an editor.
ENGLISH = re.compile(
    r"\b(heading|paragraph|insert|figure|default|bold|italic|undo|redo|caption|update|cancel|title|"
    r"blockquote|list|subscript|superscript|remove|edit|image url|browse|choose|search|upload)\b",
    re.IGNORECASE,
)


@pytest.fixture
def desk(page, live_server):
    """An editor (Redaktion) logged in, with the CSP violations of every page recorded."""
    page.context.add_init_script(RECORD_VIOLATIONS)
    user = editor(username="redakteurin")
    log_in_browser(page, "redakteurin")
    return user


def violations(page):
    return page.evaluate("window.__cspViolations")


def open_change_form(page, article):
    page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    page.locator(".prose-editor [contenteditable=true]").wait_for()


def chips(page) -> list[str]:
    return page.locator(".nr-chip__name").all_inner_texts()


def save(page):
    # (SQLite's test database is locked while the form saves: no suggestion may be asked for meanwhile.)
    # The form's save button: „Entwurf speichern“ for a draft, „Änderungen speichern“ otherwise.
    page.locator("button[value=entwurf], button[value=speichern]").first.click()
    page.locator(".messagelist .success").wait_for()


def stored_keywords(article) -> list[str]:
    return list(Article.objects.get(pk=article.pk).keywords.names())


def no_english(texts) -> list[str]:
    return [text for text in texts if ENGLISH.search(text)]


# --- keywords ---------------------------------------------------------------------------------------------------


def test_typed_keywords_become_chips_in_the_typed_order_and_come_back_so(desk, page, page_log):
    article = ArticleFactory(headline="IT-Dienstleister wächst")
    open_change_form(page, article)
    field = page.get_by_label("Stichwörter:")
    field.type("Politik, KID Magdeburg, ")  # a comma ends a keyword, a space never does
    assert chips(page) == ["Politik", "KID Magdeburg"]
    field.type("Sachsen-Anhalt")
    field.press("Enter")  # and so does Enter, without sending the form
    with page.expect_response(lambda response: "keyword-suggestions" in response.url):
        field.type("KITU")  # still typed when the editor saves: kept too
    assert page.url.endswith("/change/")
    save(page)
    assert stored_keywords(article) == ORDER

    open_change_form(page, article)
    assert chips(page) == ORDER
    assert page.locator("#id_keywords").input_value() == ", ".join(ORDER)
    assert '"' not in page.locator(".nr-chips").inner_text()
    assert violations(page) == [] and page_log.errors == []


def test_a_two_word_keyword_typed_alone_is_one_chip_and_one_keyword(desk, page):
    article = ArticleFactory()
    open_change_form(page, article)
    page.get_by_label("Stichwörter:").type("KID Magdeburg")
    page.get_by_label("Stichwörter:").press("Enter")
    assert chips(page) == ["KID Magdeburg"]
    save(page)
    assert stored_keywords(article) == ["KID Magdeburg"]
    assert not Keyword.objects.filter(name__in=["KID", "Magdeburg"]).exists()


def test_chips_are_removed_and_reordered_by_mouse_keyboard_and_dragging(desk, page, page_log):
    article = ArticleFactory(keywords=ORDER)
    open_change_form(page, article)
    status = page.locator(".nr-chips__status")

    page.get_by_role("button", name="„Sachsen-Anhalt“ entfernen").click()
    assert chips(page) == ["Politik", "KID Magdeburg", "KITU"] and status.inner_text() == "„Sachsen-Anhalt“ entfernt."
    page.get_by_label("Stichwörter:").click()
    page.keyboard.press("Backspace")  # in the empty field: the last chip goes
    assert chips(page) == ["Politik", "KID Magdeburg"]

    page.get_by_role("button", name="„KID Magdeburg“ eine Stelle nach vorn").click()
    assert chips(page) == ["KID Magdeburg", "Politik"]
    assert status.inner_text() == "„KID Magdeburg“ jetzt an Stelle 1 von 2."
    # The keyboard: Alt+Arrow on a chip's button, and the focus stays with the moved chip.
    page.get_by_role("button", name="„KID Magdeburg“ entfernen").focus()
    page.keyboard.press("Alt+ArrowRight")
    assert chips(page) == ["Politik", "KID Magdeburg"]
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "„KID Magdeburg“ entfernen"

    page.get_by_label("Stichwörter:").type("KITU, Neu,")
    assert chips(page) == ["Politik", "KID Magdeburg", "KITU", "Neu"]
    page.locator(".nr-chip", has_text="Neu").drag_to(
        page.locator(".nr-chip", has_text="Politik"), target_position={"x": 4, "y": 8}
    )
    assert chips(page) == ["Neu", "Politik", "KID Magdeburg", "KITU"]
    save(page)
    assert stored_keywords(article) == ["Neu", "Politik", "KID Magdeburg", "KITU"]
    assert violations(page) == [] and page_log.errors == []


def test_suggestions_offer_single_existing_keywords_with_their_counts(desk, page):
    ArticleFactory(keywords=["Politik", "Polizei"])
    ArticleFactory(keywords=["Politik"])
    ArticleFactory(keywords=["Politikberatung"], status=Article.Status.DRAFT)
    article = ArticleFactory(keywords=["Sachsen-Anhalt"])
    open_change_form(page, article)
    field = page.get_by_label("Stichwörter:")
    field.type("Pol")
    options = page.get_by_role("listbox", name="Vorhandene Stichwörter").get_by_role("option")
    options.first.wait_for()
    assert options.all_inner_texts() == ["Politik 2 Beiträge", "Polizei 1 Beitrag", "Politikberatung 0 Beiträge"]
    assert field.get_attribute("aria-expanded") == "true"

    field.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    field.press("Enter")
    assert chips(page) == ["Sachsen-Anhalt", "Politik"] and field.input_value() == ""
    field.type("Pol")
    page.get_by_role("option", name="Polizei 1 Beitrag").click()
    assert chips(page) == ["Sachsen-Anhalt", "Politik", "Polizei"]
    # What is chosen already is not offered again.
    field.type("Pol")
    options.first.wait_for()
    assert options.all_inner_texts() == ["Politikberatung 0 Beiträge"]


def test_chips_suggestions_and_the_chooser_pass_axe(desk, page, axe):
    ArticleFactory(keywords=["Polizei"], lead_image=ImageFactory(alt_text="Plenarsaal", credit=""))
    article = ArticleFactory(keywords=ORDER, status=Article.Status.DRAFT)
    open_change_form(page, article)
    page.get_by_label("Stichwörter:").type("Pol")
    page.get_by_role("listbox", name="Vorhandene Stichwörter").get_by_role("option").first.wait_for()
    found = axe({"include": [[".field-keywords"], [".field-lead_image"]]})
    assert found == [], axe.format(found)
    page.get_by_role("button", name="Bild auswählen").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name=re.compile("Plenarsaal")).click()
    found = axe({"include": [["dialog.nr-chooser"]]})
    assert found == [], axe.format(found)
    dialog.get_by_role("tab", name="Neues Bild hochladen").click()
    found = axe({"include": [["dialog.nr-chooser"]]})
    assert found == [], axe.format(found)


# --- the lead image -------------------------------------------------------------------------------------------------


@pytest.fixture
def library():
    return {
        "landtag": ImageFactory(alt_text="Plenarsaal des Landtags", credit="Landtag Musterland", caption="Sitzung"),
        "rathaus": ImageFactory(alt_text="Rathaus am Markt", credit="Stadt Musterhausen", caption=""),
    }


def test_the_lead_image_is_searched_chosen_and_shown_at_once_before_saving(desk, page, page_log, library):
    article = ArticleFactory(status=Article.Status.DRAFT)
    open_change_form(page, article)
    page.get_by_role("button", name="Bild auswählen").click()
    dialog = page.get_by_role("dialog", name="Aufmacherbild auswählen")
    dialog.get_by_label("Suchen in Alternativtext, Bildunterschrift und Bildquelle").type("Landtag")
    dialog.locator(".nr-chooser__status", has_text="1 Bild").wait_for()
    assert dialog.locator(".nr-chooser__alt").all_inner_texts() == ["Plenarsaal des Landtags"]
    dialog.get_by_role("button", name="Plenarsaal des Landtags").click()
    dialog.get_by_role("button", name="Dieses Bild verwenden").click()
    dialog.wait_for(state="hidden")

    field = page.get_by_role("group", name="Aufmacherbild:")
    thumbnail = field.locator("img")
    expect(field.get_by_role("button", name="Ändern")).to_be_visible()
    assert thumbnail.get_attribute("alt") == "Plenarsaal des Landtags"
    assert thumbnail.evaluate("img => img.decode().then(() => img.naturalWidth > 0)")
    assert thumbnail.get_attribute("src").startswith("/media/renditions/")
    assert "Landtag Musterland" in field.inner_text() and "Sitzung" in field.inner_text()
    assert Article.objects.get(pk=article.pk).lead_image is None, "not saved yet"

    field.get_by_role("button", name="Entfernen").click()
    assert not thumbnail.is_visible() and page.locator("#id_lead_image").input_value() == ""
    field.get_by_role("button", name="Bild auswählen").click()
    dialog.get_by_role("button", name="Rathaus am Markt").dblclick()  # a double click uses it at once
    dialog.wait_for(state="hidden")
    save(page)
    assert Article.objects.get(pk=article.pk).lead_image == library["rathaus"]
    assert violations(page) == [] and page_log.errors == []


def test_a_contributors_portrait_comes_from_the_same_chooser(desk, page, page_log, library):
    writer = ContributorFactory(name="Miriam Kranich", slug="miriam-kranich")
    page.goto(reverse("admin:people_contributor_change", args=[writer.pk]))
    field = page.get_by_role("group", name="Porträt:")
    field.get_by_role("button", name="Bild auswählen").click()
    dialog = page.get_by_role("dialog", name="Porträt auswählen")
    dialog.get_by_role("button", name="Rathaus am Markt").dblclick()
    dialog.wait_for(state="hidden")
    assert "Stadt Musterhausen" in field.inner_text()
    assert page.locator(".nr-image-field__status").inner_text().startswith("Porträt gewählt: Rathaus am Markt.")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/people/contributor/")
    writer.refresh_from_db()
    assert writer.portrait == library["rathaus"]
    assert violations(page) == [] and page_log.errors == []


def test_the_upload_asks_for_credit_and_alt_text_and_stores_nothing_without_a_credit(desk, page, page_log):
    article = ArticleFactory(status=Article.Status.DRAFT)
    open_change_form(page, article)
    page.get_by_role("button", name="Bild auswählen").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("tab", name="Neues Bild hochladen").click()
    dialog.get_by_label("Bilddatei auswählen (JPEG, PNG, WebP oder GIF)").set_input_files(
        {"name": "buergerbuero.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(1200, 800)}
    )
    dialog.get_by_label("Alternativtext (Pflicht)").fill("Das neue Bürgerbüro von außen")
    dialog.get_by_role("button", name="Hochladen und verwenden").click()

    credit = dialog.get_by_label("Bildquelle (Pflicht)")
    error = dialog.locator("#nr-chooser-neu-credit-fehler")
    error.wait_for()
    assert error.inner_text() == "Dieses Feld ist zwingend erforderlich."
    assert credit.get_attribute("aria-invalid") == "true"
    assert not Image.objects.exists()
    assert page_log.errors == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]
    page_log.console_errors.clear()

    credit.fill("Stadt Musterhausen")
    dialog.get_by_role("button", name="Hochladen und verwenden").click()
    dialog.wait_for(state="hidden")
    image = Image.objects.get()
    assert (image.alt_text, image.credit) == ("Das neue Bürgerbüro von außen", "Stadt Musterhausen")
    assert image.renditions.exists()
    field = page.get_by_role("group", name="Aufmacherbild:")
    assert "Stadt Musterhausen" in field.inner_text()
    assert field.locator("img").evaluate("img => img.decode().then(() => img.naturalWidth > 0)")
    save(page)
    assert Article.objects.get(pk=article.pk).lead_image == image
    assert violations(page) == [] and page_log.errors == []


def test_a_file_dropped_on_the_image_field_is_uploaded_through_the_dialog(desk, page):
    article = ArticleFactory(status=Article.Status.DRAFT)
    open_change_form(page, article)
    # A real drop event with a file, as the browser sends it when a file is dragged from the desktop.
    transfer = page.evaluate_handle(
        """bytes => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(bytes)], "markt.jpg", { type: "image/jpeg" }));
            return transfer;
        }""",
        list(jpeg_bytes(900, 600)),
    )
    page.dispatch_event(".nr-image-field", "dragover", {"dataTransfer": transfer})
    page.dispatch_event(".nr-image-field", "drop", {"dataTransfer": transfer})
    dialog = page.get_by_role("dialog")
    assert dialog.get_by_role("tab", name="Neues Bild hochladen").get_attribute("aria-selected") == "true"
    assert "markt.jpg" in dialog.locator(".nr-chooser__file-info").inner_text()
    assert page.evaluate("document.activeElement.name") == "alt_text"
    dialog.get_by_label("Alternativtext (Pflicht)").fill("Wochenmarkt")
    dialog.get_by_label("Bildquelle (Pflicht)").fill("Foto: Anna Beispiel")
    dialog.get_by_role("button", name="Hochladen und verwenden").click()
    dialog.wait_for(state="hidden")
    assert page.locator("#id_lead_image").input_value() == str(Image.objects.get(alt_text="Wochenmarkt").pk)


def test_an_image_without_credit_is_only_used_once_its_credit_is_filled_in(desk, page):
    image = ImageFactory(alt_text="Rathaus ohne Quelle", credit="")
    article = ArticleFactory(status=Article.Status.DRAFT)
    open_change_form(page, article)
    page.get_by_role("button", name="Bild auswählen").click()
    dialog = page.get_by_role("dialog")
    item = dialog.get_by_role("button", name=re.compile("Rathaus ohne Quelle"))
    assert "Bildquelle fehlt" in item.inner_text()
    item.click()
    assert dialog.get_by_role("button", name="Dieses Bild verwenden").count() == 0
    dialog.get_by_role("button", name="Angaben speichern und verwenden").click()
    dialog.locator("#nr-chooser-ergaenzen-credit-fehler").wait_for()
    assert (
        dialog.locator("#nr-chooser-ergaenzen-credit-fehler").inner_text() == "Dieses Feld ist zwingend erforderlich."
    )
    dialog.locator(".nr-chooser__details").get_by_label("Bildquelle (Pflicht)").fill("Stadt Musterhausen")
    dialog.get_by_role("button", name="Angaben speichern und verwenden").click()
    dialog.wait_for(state="hidden")
    image.refresh_from_db()
    assert image.credit == "Stadt Musterhausen"
    assert page.locator("#id_lead_image").input_value() == str(image.pk)


# --- pictures in the body ---------------------------------------------------------------------------------------


def test_a_body_picture_from_the_toolbar_is_shown_with_its_credit_counted_and_protected(desk, page, page_log, library):
    article = ArticleFactory(headline="Neue Sitzordnung", body="<p>Der Landtag tagt.</p>")
    open_change_form(page, article)
    page.locator(".prose-editor [contenteditable=true] p").click()
    page.keyboard.press("End")
    page.get_by_role("button", name="Bild aus der Bildbibliothek einfügen").click()
    dialog = page.get_by_role("dialog", name="Bild in den Text einfügen")
    dialog.get_by_role("button", name="Plenarsaal des Landtags").click()
    dialog.get_by_role("button", name="Dieses Bild verwenden").click()
    dialog.wait_for(state="hidden")
    figure = page.locator(".prose-editor figure img")
    assert figure.get_attribute("alt") == "Plenarsaal des Landtags"
    assert figure.get_attribute("src") == library["landtag"].rendition_url(width=960)
    assert page.locator(".prose-editor figcaption").inner_text() == "Sitzung"
    save(page)

    page.goto(article.get_absolute_url())
    body_picture = page.locator(".article-body figure img")
    assert body_picture.evaluate("img => img.decode().then(() => img.naturalWidth > 0)")
    assert "Landtag Musterland" in page.locator("body").inner_text()
    page.goto(reverse("admin:images_image_change", args=[library["landtag"].pk]))
    assert "Neue Sitzordnung (Bild im Text, Veröffentlicht)" in page.locator(".nr-image-usage").inner_text()
    page.goto(reverse("admin:images_image_delete", args=[library["landtag"].pk]))
    assert "Nicht gelöscht" in page.locator(".messagelist").inner_text()
    assert "„Neue Sitzordnung“" in page.locator(".messagelist").inner_text()
    assert Image.objects.filter(pk=library["landtag"].pk).exists()
    assert violations(page) == [] and page_log.errors == []


# --- German ---------------------------------------------------------------------------------------------------


TOOLBAR = [
    "Überschrift 2",
    "Überschrift 3",
    "Absatz",
    "Aufzählung",
    "Nummerierte Liste",
    "Zitat",
    "Bild aus der Bildbibliothek einfügen",
    "Fett",
    "Kursiv",
    "Tiefgestellt",
    "Hochgestellt",
    "Normaler Text",
    "Englisch",
    "Link einfügen oder bearbeiten",
    "Link entfernen",
    "Rückgängig",
    "Wiederholen",
]


def labels(locator) -> list[str]:
    """Every name, tooltip, placeholder and text a person meets in `locator` (icon ligatures excluded)."""
    return locator.evaluate(
        """root => {
            const found = [];
            for (const node of root.querySelectorAll("*")) {
                for (const name of ["title", "aria-label", "placeholder"]) {
                    if (node.getAttribute(name)) found.push(node.getAttribute(name));
                }
                if (!node.classList.contains("material-icons")) {
                    for (const child of node.childNodes) {
                        if (child.nodeType === Node.TEXT_NODE && child.textContent.trim()) found.push(child.textContent.trim());
                    }
                }
            }
            return found;
        }"""
    )


def test_the_editor_its_toolbar_and_its_dialogs_speak_german(desk, page, library):
    article = ArticleFactory(body="<p>Ein Satz mit Open Data.</p>", keywords=["Politik"])
    open_change_form(page, article)
    menubar = page.locator(".prose-menubar").first
    # Every button, also those shown only where they apply ("Link entfernen" in a link).
    assert [button.get_attribute("aria-label") for button in menubar.locator("button").all()] == TOOLBAR
    assert [button.get_attribute("title") for button in menubar.locator("button").all()] == TOOLBAR
    assert no_english(labels(menubar)) == []
    assert no_english(labels(page.locator(".field-keywords"))) == []
    assert no_english(labels(page.locator(".field-lead_image"))) == []

    # The link dialog.
    page.locator(".prose-editor [contenteditable=true] p").click()
    page.keyboard.press("End")
    page.keyboard.press("Shift+Home")
    wait_for_editor_selection(page)
    menubar.get_by_role("button", name="Link einfügen oder bearbeiten").click()
    link_dialog = page.locator("dialog.prose-editor-dialog")
    assert link_dialog.locator("h3").inner_text() == "Link einfügen"
    assert no_english(labels(link_dialog)) == []
    link_dialog.get_by_label("Adresse (https://… oder mailto:…)").fill("https://example.org/")
    link_dialog.get_by_role("button", name="Übernehmen").click()
    assert page.locator(".prose-editor a").get_attribute("href") == "https://example.org/"

    # The chooser in both tabs, and the caption button of a figure.
    page.keyboard.press("End")
    menubar.get_by_role("button", name="Bild aus der Bildbibliothek einfügen").click()
    chooser = page.get_by_role("dialog", name="Bild in den Text einfügen")
    chooser.get_by_role("button", name="Plenarsaal des Landtags").click()
    assert no_english(labels(chooser)) == []
    chooser.get_by_role("tab", name="Neues Bild hochladen").click()
    assert no_english(labels(chooser)) == []
    chooser.get_by_role("tab", name="Bildbibliothek").click()
    chooser.get_by_role("button", name="Dieses Bild verwenden").click()
    chooser.wait_for(state="hidden")
    page.locator(".prose-editor figcaption").click()
    bubble = page.locator(".prose-menubar--floating")
    assert bubble.inner_text() == "Bildunterschrift entfernen"

    # The static pages' form has the same editor, and the same chooser (with its stylesheet) behind the button.
    page.goto(reverse("admin:pages_page_add"))
    page.locator(".prose-editor [contenteditable=true]").click()
    page_menubar = page.locator(".prose-menubar").first
    assert [button.get_attribute("aria-label") for button in page_menubar.locator("button").all()] == TOOLBAR
    page_menubar.get_by_role("button", name="Bild aus der Bildbibliothek einfügen").click()
    dialog = page.get_by_role("dialog", name="Bild in den Text einfügen")
    dialog.get_by_role("button", name="Plenarsaal des Landtags").wait_for()
    # Styled by image-chooser.css, which the chooser loads itself where no image field brought it.
    assert dialog.evaluate("d => getComputedStyle(d).borderRadius") == "4px"
    assert violations(page) == []
