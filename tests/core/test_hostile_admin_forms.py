"""Hostile input to the admin's forms: wrong types, NUL bytes, huge values and unknown ids in any field of any
add or change form answer with the form and a German error (200) or a clean redirect, never a 500, and
invalid input changes nothing in the database.

The admins come from `admin.site._registry` (every ModelAdmin of the project's own apps), the fields from the
rendered form itself (what a browser would send, inlines and hidden fields included), so a ModelAdmin or a
field added later is covered without touching this file.
"""

from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth.models import User
from django.core import serializers
from django.db import transaction
from django.forms import ModelChoiceField
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.models import ArticleRedirect, ArticleShare, Keyword, SectionShare
from images.models import ImageRights
from newsletter.models import Issue, NewsletterList, Subscriber
from pages.models import Page
from portals.models import Portal
from tests.factories import ArticleFactory, ContributorFactory, ImageFactory, SectionFactory, name_in_byline

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(settings.BASE_DIR).resolve()
GERMAN_FORM_ERROR = (
    "Bitte den unten aufgeführten Fehler korrigieren",
    "Bitte die unten aufgeführten Fehler korrigieren",
)
UNKNOWN_ID = "987654321"
# Every field of every form gets each of these: not a number, a NUL byte, a text longer than any field allows;
# fields for ids, numbers and choices also a number beyond 64 bits and an id nobody has.
HOSTILE_VALUES = ["abc", "1\x00", "x" * 5000, "9" * 30, UNKNOWN_ID]
NUMERIC_VALUES = {"9" * 30, UNKNOWN_ID}
# Drawn by hypothesis as well, among random ones, several fields at a time.
MORE_HOSTILE_VALUES = ["1e3", "\x00", "-1", "0", "1.5", " 1 ", "٣", "<script>alert(1)</script>", "[]", "null"]


def project_admins():
    """(model, ModelAdmin) for every model of the project's own apps registered in the admin."""
    own = []
    for model, model_admin in admin.site._registry.items():
        app_path = Path(apps.get_app_config(model._meta.app_label).path).resolve()
        if app_path.is_relative_to(PROJECT_DIR) and ".venv" not in app_path.parts:
            own.append((model, model_admin))
    return sorted(own, key=lambda pair: pair[0]._meta.label)


class FormFields(HTMLParser):
    """The name/value pairs a browser would submit from the admin's change form."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str, str]] = []
        self.in_form = False
        self.select: str | None = None
        self.select_values: list[str] = []
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # The change form is `<form id="article_form" method="post">`; the header's logout form is left out.
        if tag == "form" and (attrs.get("id") or "").endswith("_form"):
            self.in_form = True
        if not self.in_form or ("name" not in attrs and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            value = attrs.get("value") or ("on" if kind == "checkbox" else "")
            self.fields.append((attrs["name"], value, field_kind(kind, attrs.get("class") or "")))
        elif tag == "select":
            self.select, self.select_values = attrs["name"], []
        elif tag == "option" and self.select and "selected" in attrs:
            self.select_values.append(attrs.get("value", ""))
        elif tag == "textarea":
            self.textarea, self.text = attrs["name"], ""

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self.select:
            self.fields += [(self.select, value, "choice") for value in self.select_values]
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, self.text.removeprefix("\n"), "text"))
            self.textarea = None


def field_kind(input_type: str, css_class: str) -> str:
    """ "text" for what takes free text; "key" for ids, numbers and choices, which also get numbers and ids."""
    if input_type in {"text", "email", "url", "search", "password"} and "RawId" not in css_class:
        return "text"
    return "key"


def form_fields(html: str) -> list[tuple[str, str, str]]:
    """(name, value, kind) of every field the form would submit."""
    parser = FormFields()
    parser.feed(html)
    return parser.fields


def database_state() -> str:
    """Every row of the project's models (and the keyword links), serialised for comparison."""
    models = [model for model in apps.get_models() if model._meta.app_label in {"articles", "images", "taggit"}]
    models += [model for model, _admin in project_admins() if model not in models]
    return "".join(serializers.serialize("json", model._default_manager.order_by("pk")) for model in models)


class Rollback(Exception):
    pass


@pytest.fixture
def admin_client_with_content(client):
    client.force_login(User.objects.create_superuser("chefredaktion", "chef@example.org", "x"))
    image = ImageFactory()
    other = ArticleFactory(section=SectionFactory(name="Praxis", slug="praxis"))
    article = ArticleFactory(lead_image=image, keywords=["Onlinezugang"], links=[("https://example.org/", "Beispiel")])
    article.related.add(other)
    ArticleRedirect.objects.create(old_path="/politik/alter-name/", article=article)
    name_in_byline(article, ContributorFactory(portrait=ImageFactory(), links="https://example.org/"))
    ImageRights.objects.create(image=image, licence="agency", valid_until=timezone.now() + timedelta(days=9))
    Page.objects.create(title="Impressum", slug="impressum", body="<p>Muster</p>", is_published=True)
    sister = Portal.objects.create(name="Schwesterportal", slug="schwester", base_url="https://schwester.example")
    elsewhere = SectionFactory(portal=sister, name="Gemeinden", slug="gemeinden")
    SectionShare.objects.create(source=article.section, target=elsewhere)
    ArticleShare.objects.create(article=article, portal=sister, section=elsewhere)
    weekly = NewsletterList.objects.create(
        name="Wöchentlich", slug="woechentlich", sender_name="N", sender_email="n@x.de"
    )
    Issue.objects.create(newsletter_list=weekly, subject="Die Woche").items.create(article=article, position=1)
    Subscriber.objects.create(email="leser@amt-musterstadt.de", consent_version="1")
    assert Keyword.objects.exists()
    return client


def form_urls():
    """(label, url) of the add form and of the first object's change form of every project admin (read-only
    admins, such as the newsletter's subscribers, have neither)."""
    request = RequestFactory().get("/")
    request.user = User.objects.filter(is_superuser=True).first()
    urls = []
    for model, model_admin in project_admins():
        info = model._meta.app_label, model._meta.model_name
        if model_admin.has_add_permission(request):
            urls.append((f"{model._meta.label} add", reverse("admin:{}_{}_add".format(*info))))
        first = model._default_manager.order_by("pk").first()
        assert first is not None, f"the fixture must create a {model._meta.label} (its change form is tested)"
        if model_admin.has_change_permission(request, first):
            urls.append((f"{model._meta.label} change", reverse("admin:{}_{}_change".format(*info), args=[first.pk])))
    return urls


def post_and_check(client, url: str, data: list[tuple[str, str]], label: str):
    """POST `data`; the answer must be the form with a German error or a redirect. Invalid input changes nothing."""
    before = database_state()
    payload: dict[str, list[str]] = {}
    for name, value in data:
        payload.setdefault(name, []).append(value)
    try:
        with transaction.atomic():
            response = client.post(url, payload)
            assert response.status_code in {200, 302}, f"{label}: {response.status_code}"
            if response.status_code == 200:
                html = response.content.decode()
                assert any(message in html for message in GERMAN_FORM_ERROR), f"{label}: no German form error"
                assert database_state() == before, f"{label}: invalid input changed the database"
            raise Rollback
    except Rollback:
        pass
    return response


def hostile_variants(fields: list[tuple[str, str, str]], value: str):
    """The form as a browser would send it, with one field replaced by `value` at a time."""
    kinds = {name: kind for name, _value, kind in fields if name != "csrfmiddlewaretoken"}
    for name in sorted(kinds):
        if value in NUMERIC_VALUES and kinds[name] == "text":
            continue
        yield name, [(n, v) for n, v, _kind in fields if n != name] + [(name, value)]


def test_every_project_model_admin_is_covered(admin_client_with_content):
    labels = {model._meta.label for model, _admin in project_admins()}
    assert {"articles.Article", "articles.Section", "articles.ArticleType", "articles.Keyword", "images.Image"} <= (
        labels
    )


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=lambda value: repr(value[:12]))
def test_hostile_value_in_any_admin_form_field_gives_form_with_german_error_or_redirect(
    admin_client_with_content, value
):
    client = admin_client_with_content
    for label, url in form_urls():
        response = client.get(url)
        assert response.status_code == 200, label
        fields = form_fields(response.content.decode())
        assert fields, f"{label}: no form fields found"
        for name, data in hostile_variants(fields, value):
            post_and_check(client, url, data, f"{label}, {name}={value[:20]!r}")


def test_lead_image_not_a_number_gives_german_error_not_500(admin_client_with_content):
    client = admin_client_with_content
    url = reverse("admin:articles_article_add")
    fields = form_fields(client.get(url).content.decode())
    for value in ["abc", "1e3", "\x00", "9" * 30]:
        data = [(n, v) for n, v, _kind in fields if n not in {"lead_image", "headline"}]
        data += [("lead_image", value), ("headline", "Titel")]
        post_and_check(client, url, data, f"lead_image={value!r}")


def test_related_articles_not_a_number_gives_german_error_not_500(admin_client_with_content):
    client = admin_client_with_content
    url = reverse("admin:articles_article_add")
    fields = form_fields(client.get(url).content.decode())
    data = [(n, v) for n, v, _kind in fields if n != "related"] + [("related", "abc"), ("related", "1\x00")]
    post_and_check(client, url, data, "related=abc")


def test_overlong_keyword_gives_german_error_on_every_database(admin_client_with_content):
    client = admin_client_with_content
    url = reverse("admin:articles_article_add")
    fields = form_fields(client.get(url).content.decode())
    data = [(n, v) for n, v, _kind in fields if n not in {"keywords", "headline"}]
    data += [("keywords", "Cloud, " + "x" * 101), ("headline", "Titel")]
    response = post_and_check(client, url, data, "keywords")
    assert "Ein Stichwort hat höchstens 100 Zeichen" in response.content.decode()


hostile_text = st.one_of(
    st.sampled_from(HOSTILE_VALUES + MORE_HOSTILE_VALUES),
    st.text(alphabet=st.characters(codec="utf-8", categories=("Nd", "Lu", "Cc", "Po", "Sm")), max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


def examples(count: int):
    """Hypothesis settings of these tests: `count` examples, each as slow as a few admin requests."""
    return hypothesis_settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@examples(40)
@given(data=st.data())
def test_random_hostile_values_in_several_fields_never_break_an_admin_form(admin_client_with_content, data):
    client = admin_client_with_content
    label, url = data.draw(st.sampled_from(form_urls()), label="form")
    fields = form_fields(client.get(url).content.decode())
    names = sorted({name for name, _value, _kind in fields if name != "csrfmiddlewaretoken"})
    chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True), label="fields")
    posted = [(n, v) for n, v, _kind in fields if n not in chosen]
    for name in chosen:
        posted += [(name, value) for value in data.draw(st.lists(hostile_text, min_size=1, max_size=2), label=name)]
    post_and_check(client, url, posted, f"{label}: {chosen}")


def test_existing_inline_rows_posted_as_new_ones_give_a_german_error_not_a_conflict(admin_client_with_content):
    """A change form whose INITIAL_FORMS says 0 (edited by hand, or a page from before another save): its saved rows
    arrive as new ones, which the database would refuse as duplicates (once answered 409, found by the test above)."""
    client = admin_client_with_content
    checked = []
    for label, url in form_urls():
        fields = form_fields(client.get(url).content.decode())
        counts = [name for name, value, _kind in fields if name.endswith("-INITIAL_FORMS") and value != "0"]
        if label.endswith("change") and counts:
            posted = [(n, "0" if n in counts else v) for n, v, _kind in fields]
            response = post_and_check(client, url, posted, f"{label}: {counts}")
            if "Bitte die Seite neu laden" in response.content.decode():
                checked.append(label)
    # Every change form with inline rows answers with a German error and changes nothing (post_and_check); the
    # newsletter's articles, whose rows the database keeps unique, say why.
    assert "newsletter.Issue change" in checked


# --- numbers beyond the database's range (issue 21, defect 11) ---------------------------------------------------

# Integers a database cannot hold as a key (SQLite and PostgreSQL keep at most 64 bits), their edges, and
# ordinary ones: every id, page and filter value of the admin and the site gets them.
HUGE = [10**40, 2**63, -(2**63) - 1, 9 * 10**29]
any_integer = st.one_of(
    st.sampled_from([*HUGE, 2**63 - 1, -(2**63), 2**31, 0, -1]),
    st.integers(min_value=-(2**80), max_value=2**80),
)


def registered_admins():
    """(model, ModelAdmin) for every model in the admin, Django's and other packages' included."""
    return sorted(admin.site._registry.items(), key=lambda pair: pair[0]._meta.label)


def relation_fields(rf, model_admin, obj=None) -> list[str]:
    """The POST names of every foreign-key and many-to-many field of the admin's add form (or `obj`'s change
    form) and its inlines."""
    request = rf.get("/")
    request.user = User.objects.filter(is_superuser=True).first()
    form = model_admin.get_form(request, obj, change=obj is not None)
    names = [name for name, field in form.base_fields.items() if isinstance(field, ModelChoiceField)]
    for formset, _inline in model_admin.get_formsets_with_inlines(request, obj):
        prefix = formset.get_default_prefix()
        names += [
            f"{prefix}-0-{name}"
            for name, field in formset.form.base_fields.items()
            if isinstance(field, ModelChoiceField) and name != formset.fk.name
        ]
    return names


def relation_forms(rf):
    """(label, url, relation field names) of every add and change form with relation fields."""
    forms = []
    for model, model_admin in registered_admins():
        info = model._meta.app_label, model._meta.model_name
        if names := relation_fields(rf, model_admin):
            forms.append((f"{model._meta.label} add", reverse("admin:{}_{}_add".format(*info)), names))
        first = model._default_manager.order_by("pk").first()
        if first is not None and (names := relation_fields(rf, model_admin, first)):
            url = reverse("admin:{}_{}_change".format(*info), args=[first.pk])
            forms.append((f"{model._meta.label} change", url, names))
    return forms


def test_every_relation_field_of_the_admin_is_tested(admin_client_with_content, rf):
    tested = {label: names for label, _url, names in relation_forms(rf)}
    assert {"related", "lead_image", "section", "article_type"} <= set(tested["articles.Article add"])
    assert "article" in tested["articles.ArticleRedirect add"]
    assert "permissions" in tested["auth.Group add"]


def test_related_article_with_a_40_digit_id_gives_the_german_choice_error_not_500(admin_client_with_content):
    client = admin_client_with_content
    url = reverse("admin:articles_article_add")
    fields = form_fields(client.get(url).content.decode())
    data = [(n, v) for n, v, _kind in fields if n not in {"related", "headline"}]
    data += [("related", "9" * 40), ("headline", "Titel")]
    response = post_and_check(client, url, data, "related=<40 digits>")
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()


@examples(60)
@given(data=st.data())
def test_any_integer_in_any_relation_field_of_any_admin_form_gives_a_german_error_or_a_save(
    admin_client_with_content, rf, data
):
    client = admin_client_with_content
    label, url, names = data.draw(st.sampled_from(relation_forms(rf)), label="form")
    fields = form_fields(client.get(url).content.decode())
    chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True), label="fields")
    posted = [(n, v) for n, v, _kind in fields if n not in chosen]
    for name in chosen:
        posted += [(name, str(number)) for number in data.draw(st.lists(any_integer, min_size=1, max_size=2))]
    post_and_check(client, url, posted, f"{label}: {chosen}")


# What an admin address with any number may answer: the page, a redirect, 404, or 403 where the admin allows no
# such view at all (the queue's task results cannot be deleted by hand).
ANSWERED = {200, 302, 403, 404}


def object_urls(model, object_id) -> list[str]:
    info = model._meta.app_label, model._meta.model_name
    urls = [reverse("admin:{}_{}_{}".format(*info, view), args=[object_id]) for view in ("change", "history", "delete")]
    if model._meta.label == "articles.Article":
        urls += [
            reverse("admin:articles_article_versions", args=[object_id]),
            reverse("admin:articles_article_diff", args=[object_id]) + f"?alt={object_id}&neu={object_id}",
        ]
    if model._meta.label == "auth.User":
        urls.append(reverse("admin:auth_user_password_change", args=[object_id]))
    return urls


def filter_parameters(model_admin) -> list[str]:
    """Query parameters of the changelist that name a related object by its id."""
    names = []
    for entry in model_admin.list_filter:
        field_name = entry if isinstance(entry, str) else None
        if field_name is None:
            continue
        field = get_fields_from_path(model_admin.model, field_name)[-1]
        if field.is_relation:
            names.append(f"{field_name}__id__exact")
    return names


@examples(60)
@given(data=st.data())
def test_any_integer_as_object_id_filter_or_page_of_the_admin_is_answered_without_500(admin_client_with_content, data):
    client = admin_client_with_content
    model, model_admin = data.draw(st.sampled_from(registered_admins()), label="admin")
    number = data.draw(any_integer, label="number")
    info = model._meta.app_label, model._meta.model_name
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    urls = [f"{changelist}?p={number}", *object_urls(model, number)]
    urls += [f"{changelist}?{name}={number}" for name in filter_parameters(model_admin)]
    for url in urls:
        response = client.get(url)
        assert response.status_code in ANSWERED, f"{url}: {response.status_code}"


@pytest.mark.parametrize("number", HUGE, ids=str)
def test_huge_ids_in_admin_addresses_and_filters_are_answered_without_500(admin_client_with_content, number):
    client = admin_client_with_content
    for model, model_admin in registered_admins():
        info = model._meta.app_label, model._meta.model_name
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        for url in [
            *object_urls(model, number),
            *(f"{changelist}?{n}={number}" for n in filter_parameters(model_admin)),
        ]:
            response = client.get(url)
            assert response.status_code in ANSWERED, f"{url}: {response.status_code}"
