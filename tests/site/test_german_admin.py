"""German everywhere an editor looks: logged in as each role (Autorin/Autor, Redaktion, superuser), every admin page
the role can reach is opened (start page, every list, add and change form, history, versions and their comparison,
delete confirmation, password change, the account pages) and fails on English UI text.

The pages come from the admin itself (`get_app_list` for the user), so a model added later is covered without touching
this file. What is read is what a person sees or hears: text, and the title, alt, placeholder, aria-label and button
labels; not what an editor typed (field values), not scripts or data. English is recognised by a list of words and
phrases of Django's and the editors' UI (case-sensitive, whole words), chosen so that German words that look
English („Filter“, „Link“, „Status“, „Version“) and the content in the pages do not count.
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse

from articles import services
from articles.models import ArticleRedirect
from articles.revisions import versions_of
from pages.models import Page
from tests.factories import ArticleFactory, ImageFactory, SectionFactory
from tests.workflow_helpers import author, editor, log_in_browser, logged_in, wait_for_editor_selection

pytestmark = pytest.mark.django_db

# English words and phrases of admin UIs (Django's, the rich-text editor's, our own) that German pages never need.
ENGLISH = [
    "Add",
    "Save",
    "Delete",
    "Search",
    "History",
    "Heading",
    "Insert",
    "default",
    "Change",
    "View site",
    "View on site",
    "Log out",
    "Filter by",
    "Show all",
    "Show counts",
    "Hide counts",
    "Select all",
    "Clear selection",
    "Home",
    "Close",
    "Cancel",
    "Today",
    "Now",
    "Choose",
    "Clear",
    "Remove",
    "Edit",
    "Yes, I’m sure",
    "No, take me back",
    "Are you sure",
    "Password",
    "Username",
    "Welcome",
    "Paragraph",
    "Bold",
    "Italic",
    "Undo",
    "Redo",
    "Submit",
    "Upload",
    "Image",
    "Caption",
    "Description",
    "Action",
    "Go",
    "Run",
    "Recent actions",
    "My actions",
    "None available",
    "Unknown content",
    "Please correct",
    "This field is required",
    "Select a valid choice",
    "Enter a valid",
    "Toggle navigation",
    "Toggle theme",
    "Skip to main content",
    "Start typing to filter",
    "results",
    "selected",
    "Preview",
    "Draft",
    "Publish",
    "Published",
    "Withdraw",
    "Review",
    "Scheduled",
    "Versions",
    "Compare",
    "Restore",
    "Staff status",
    "Superuser status",
    "Active",
    "Groups",
    "Permissions",
    "Personal info",
    "Important dates",
    "First name",
    "Last name",
    "Email address",
    "Date joined",
    "Last login",
]
# Also in lower case (an editor toolbar's titles): words no German page uses in any case.
ENGLISH_ANY_CASE = ["heading", "paragraph", "default", "insert", "unordered list", "ordered list", "blockquote"]
ENGLISH_PATTERN = re.compile(
    r"(?<![\w-])("
    + "|".join([re.escape(word) for word in ENGLISH] + [f"(?i:{re.escape(word)})" for word in ENGLISH_ANY_CASE])
    + r")(?![\w-])"
)
# What a person perceives besides text.
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label"}
SKIPPED_ELEMENTS = {"script", "style", "template", "textarea", "svg"}


class VisibleText(HTMLParser):
    """Text and the attributes a person perceives; skips scripts, styles, what is typed into fields and SVG."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_ELEMENTS:
            self.skipping += 1
        attrs = dict(attrs)
        self.parts += [value for name, value in attrs.items() if name in READ_ATTRIBUTES and value]
        if tag == "input" and attrs.get("type") in {"submit", "button", "reset"} and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in SKIPPED_ELEMENTS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.parts.append(data.strip())


def english_in(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    found = []
    for part in parser.parts:
        found += [f"{match[0]!r} in {part[:80]!r}" for match in ENGLISH_PATTERN.finditer(part)]
    return found


def test_the_check_finds_english_and_leaves_german_and_content_alone():
    assert english_in('<p>Add <span title="View site">x</span></p><input type="submit" value="Save">') == [
        "'Add' in 'Add'",
        "'View site' in 'View site'",
        "'Save' in 'Save'",
    ]
    assert english_in('<button title="unordered list">·</button><p>Heading 2</p>') == [
        "'unordered list' in 'unordered list'",
        "'Heading' in 'Heading 2'",
    ]
    german = (
        "<h2>Filter</h2><p>Link hinzufügen · Status: Entwurf · Versionen · Admin-Bereich · Server-Update · "
        "„Chief Digital Officer“: Mädchen für alles · Hinzufügen · Speichern · E-Mail-Adresse · Überschrift · "
        "Absatz · Standard · Einfügen</p>"
        '<input value="Add text typed by an editor"><textarea>Save this</textarea><script>const x = "Delete";</script>'
    )
    assert english_in(german) == []


@pytest.fixture
def content():
    """One of everything the admin lists, with two revisions of an article (for the comparison)."""
    image = ImageFactory()
    article = ArticleFactory(lead_image=image, keywords=["Onlinezugang"], links=[("https://example.org/", "Beispiel")])
    chief = User.objects.create_superuser("chefredaktion", "chef@example.org", "x-geheim-und-lang")
    for headline in ("Erste Fassung", "Zweite Fassung"):
        article.headline = headline
        services.article_save(article=article, user=chief)
    ArticleRedirect.objects.create(old_path="/politik/alter-name/", article=article)
    SectionFactory(name="Praxis", slug="praxis")
    Page.objects.create(title="Impressum", slug="impressum", body="<p>Muster</p>", is_published=True)
    return {"article": article, "chief": chief}


def reachable_pages(user, content) -> list[str]:
    """Every admin page `user` can open: start page, lists, forms, history, deletion, versions, passwords."""
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = [reverse("admin:index"), reverse("admin:password_change"), reverse("admin:password_change_done")]
    for app in admin.site.get_app_list(request):
        urls.append(app["app_url"])
        for entry in app["models"]:
            model = entry["model"]
            model_admin = admin.site._registry[model]
            info = model._meta.app_label, model._meta.model_name
            urls.append(entry["admin_url"])
            if entry.get("add_url"):
                urls.append(entry["add_url"])
            first = model._default_manager.order_by("pk").first()
            if first is None:
                continue
            urls += [reverse("admin:{}_{}_{}".format(*info, view), args=[first.pk]) for view in ("change", "history")]
            if model_admin.has_delete_permission(request, first):
                urls.append(reverse("admin:{}_{}_delete".format(*info), args=[first.pk]))
            if hasattr(model_admin, "user_change_password"):
                urls.append(reverse("admin:auth_user_password_change", args=[first.pk]))
    article = content["article"]
    if user.has_perm("articles.view_article"):
        versions = reverse("admin:articles_article_versions", args=[article.pk])
        urls.append(versions)
        newest, older = [version.pk for version in versions_of(article)][:2]
        urls.append(reverse("admin:articles_article_diff", args=[article.pk]) + f"?alt={older}&neu={newest}")
    return list(dict.fromkeys(urls))


@pytest.mark.parametrize("role", ["Autorin/Autor", "Redaktion", "Superuser"])
def test_every_admin_page_a_role_can_reach_is_german(content, role):
    user = {"Autorin/Autor": author, "Redaktion": editor}.get(role, lambda: content["chief"])()
    client = logged_in(Client(), user)
    pages = reachable_pages(user, content)
    assert len(pages) >= (40 if role == "Superuser" else 12), pages
    english = {}
    for url in pages:
        # A refusal (deleting an image a published article shows) redirects to a page with the German reason.
        response = client.get(url, follow=True)
        assert response.status_code == 200, (url, response.status_code)
        if found := english_in(response.content.decode()):
            english[url] = found
    assert english == {}


# What the browser shows after scripts ran (calendars, choosers, the editor's toolbar): text and the perceived
# attributes of the rendered page, not what is typed into fields or the editor. An element with an aria-label is
# heard by that label, not by its text (icon fonts spell their icon's name: „format_bold“).
RENDERED_TEXT = """() => {
  const parts = [];
  const skip = (node) => node.closest("script, style, template, textarea, svg, [contenteditable=true], [aria-label]");
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    if (text && !skip(walker.currentNode.parentElement)) parts.push(text);
  }
  for (const element of document.body.querySelectorAll("*")) {
    if (element.closest("script, style, template, svg")) continue;
    for (const name of ["title", "alt", "placeholder", "aria-label"]) {
      const value = element.getAttribute(name);
      if (value) parts.push(value);
    }
    if (element.matches("input[type=submit], input[type=button], input[type=reset]") && element.value) parts.push(element.value);
  }
  return parts;
}"""


@pytest.mark.django_db(transaction=True)
def test_every_admin_page_is_german_in_the_browser_too(page, content):
    chief = content["chief"]
    chief.set_password("x-geheim-und-lang")
    chief.save()
    page.goto("/admin/login/")
    page.fill("#id_username", chief.username)
    page.fill("#id_password", "x-geheim-und-lang")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    english = {}
    for url in reachable_pages(chief, content):
        page.goto(url)
        page.wait_for_load_state("load")
        found = [match for part in page.evaluate(RENDERED_TEXT) for match in ENGLISH_PATTERN.findall(part)]
        if found:
            english[url] = found
    assert english == {}, "\n".join(f"{url}: {found}" for url, found in english.items())


@pytest.mark.django_db(transaction=True)
def test_the_editors_toolbar_dialogs_chooser_and_suggestions_are_german_in_the_browser(page, content):
    """What only scripts show, as an author sees it: the rich-text toolbar and its link dialog, the keyword
    suggestions, the image chooser's search and upload."""
    ImageFactory(alt_text="Rathaus am Markt", credit="Stadt Musterhausen")
    author(username="autorin")
    log_in_browser(page, "autorin")
    page.goto(reverse("admin:articles_article_add"))
    seen = []
    page.locator(".prose-editor [contenteditable=true]").click()
    page.keyboard.type("Ein Satz.")
    page.keyboard.press("Shift+Home")
    wait_for_editor_selection(page)
    page.locator(".prose-menubar").first.get_by_role("button", name="Link einfügen oder bearbeiten").click()
    page.locator("dialog.prose-editor-dialog").wait_for()
    seen += page.evaluate(RENDERED_TEXT)
    page.keyboard.press("Escape")

    page.get_by_label("Stichwörter:").type("Onl")
    page.get_by_role("listbox", name="Vorhandene Stichwörter").get_by_role("option").first.wait_for()
    seen += page.evaluate(RENDERED_TEXT)
    page.keyboard.press("Escape")

    page.get_by_role("button", name="Bild auswählen").click()
    chooser = page.get_by_role("dialog", name="Aufmacherbild auswählen")
    chooser.get_by_role("button", name=re.compile("Rathaus am Markt")).click()
    seen += page.evaluate(RENDERED_TEXT)
    chooser.get_by_role("tab", name="Neues Bild hochladen").click()
    seen += page.evaluate(RENDERED_TEXT)
    assert [match for part in seen for match in ENGLISH_PATTERN.findall(part)] == []


def test_login_and_logout_pages_are_german(client):
    assert english_in(client.get(reverse("admin:login")).content.decode()) == []
    client = logged_in(client, editor())
    logged_out = client.post(reverse("admin:logout"))
    assert logged_out.status_code == 200
    assert english_in(logged_out.content.decode()) == []
