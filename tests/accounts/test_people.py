"""Accounts by role: „Person hinzufügen“ asks for name, e-mail address and role, and the role brings what it needs."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import Person
from articles.roles import AUTHORS, EDITORS, role_of
from tests.workflow_helpers import PASSWORD, author, editor, logged_in

pytestmark = pytest.mark.django_db

ADD = reverse("admin:accounts_person_add")


def new_person(client, **changes):
    data = {
        "first_name": "Anna",
        "last_name": "Amsel",
        "email": "Anna.Amsel@amt-musterstadt.de",
        "role": AUTHORS,
        "password1": PASSWORD,
        "password2": PASSWORD,
        **changes,
    }
    return client.post(ADD, data)


def test_person_hinzufuegen_asks_for_name_email_role_and_password_only(admin_client):
    html = admin_client.get(ADD).content.decode()
    assert "Person hinzufügen" in html
    for field in ("first_name", "last_name", "email", "role", "password1", "password2"):
        assert f'name="{field}"' in html, field
    for hidden_need in ('name="is_staff"', 'name="username"', 'name="groups"', "Mitarbeiter"):
        assert hidden_need not in html
    assert "Autorin/Autor – schreibt Beiträge" in html and "Redaktion – prüft, veröffentlicht" in html


@pytest.mark.parametrize("role", [AUTHORS, EDITORS])
def test_a_new_person_gets_the_role_with_everything_it_needs_and_can_work_at_once(admin_client, role):
    response = new_person(admin_client, role=role)
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(email="anna.amsel@amt-musterstadt.de")
    assert (person.username, person.first_name, person.is_staff, person.is_superuser) == (
        "anna.amsel@amt-musterstadt.de",
        "Anna",
        True,
        False,
    )
    assert role_of(person) == role
    client = Client()
    login = {"username": "anna.amsel@amt-musterstadt.de", "password": PASSWORD, "next": "/admin/"}
    assert client.post(reverse("admin:login"), login)["Location"] == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:articles_article_add")).status_code == 200
    may_publish = client.get(reverse("admin:index")).wsgi_request.user.has_perm("articles.publish_article")
    assert may_publish == (role == EDITORS)


def test_an_address_that_has_an_account_is_refused_in_german(admin_client):
    User.objects.create_user("anna.amsel@amt-musterstadt.de", email="anna.amsel@amt-musterstadt.de")
    response = new_person(admin_client)
    assert response.status_code == 200
    assert "Eine Person mit dieser E-Mail-Adresse gibt es schon." in response.content.decode()
    assert Person.objects.count() == 2  # the admin and the earlier account


def test_a_person_needs_a_role_name_and_address(admin_client):
    response = new_person(admin_client, role="", first_name="", email="")
    assert response.status_code == 200
    assert response.content.decode().count("Dieses Feld ist zwingend erforderlich.") == 3
    assert not Person.objects.filter(first_name="Anna").exists()


def test_a_forged_role_is_refused(admin_client):
    response = new_person(admin_client, role="Superuser")
    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen." in response.content.decode()


def test_the_change_form_shows_the_role_and_changes_it(admin_client):
    writer = author(username="bert", email="bert@amt-musterstadt.de")
    url = reverse("admin:accounts_person_change", args=[writer.pk])
    html = admin_client.get(url).content.decode()
    assert f'name="role" value="{AUTHORS}" id="id_role_0" checked>' in html
    data = {
        "username": "bert",
        "first_name": writer.first_name,
        "last_name": "",
        "email": "bert@amt-musterstadt.de",
        "role": EDITORS,
        "is_active": "on",
    }
    assert admin_client.post(url, data).status_code == 302
    writer.refresh_from_db()
    assert (role_of(writer), writer.is_staff) == (EDITORS, True)
    assert admin_client.post(url, {**data, "role": ""}).status_code == 302
    writer.refresh_from_db()
    assert (role_of(writer), writer.is_staff) == ("", False)


def test_the_list_shows_each_persons_role_and_filters_by_it(admin_client):
    author(username="autorin-a")
    editor(username="redakteur-r")
    changelist = reverse("admin:accounts_person_changelist")
    html = admin_client.get(changelist).content.decode()
    assert "autorin-a" in html and AUTHORS in html and "redakteur-r" in html
    filtered = admin_client.get(changelist, {"rolle": "redaktion"}).content.decode()
    assert "redakteur-r" in filtered and "autorin-a" not in filtered


@pytest.mark.parametrize("make", [author, editor])
def test_roles_do_not_reach_the_accounts(client, make):
    client = logged_in(client, make())
    assert client.get(reverse("admin:accounts_person_changelist")).status_code == 403
    assert client.get(ADD).status_code == 403


def test_the_role_service_checks_the_right_to_give_roles():
    writer = author()
    with pytest.raises(PermissionDenied):
        services.person_set_role(person=Person.objects.get(pk=writer.pk), role=EDITORS, user=editor())
    assert role_of(writer) == AUTHORS


@pytest.mark.django_db(transaction=True)
def test_person_hinzufuegen_in_the_browser_and_the_new_author_writes_at_once(page, axe, live_server):
    User.objects.create_superuser("chefin", "chefin@amt-musterstadt.de", PASSWORD)
    page.goto("/admin/login/")
    page.fill("#id_username", "chefin")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(ADD)
    page.fill("#id_first_name", "Carla")
    page.fill("#id_last_name", "Chronist")
    page.fill("#id_email", "carla.chronist@amt-musterstadt.de")
    page.get_by_label("Autorin/Autor – schreibt Beiträge").check()
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    violations = axe()
    assert violations == [], axe.format(violations)
    page.locator("input[name=_save]").click()
    page.wait_for_selector(".messagelist .success")
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("#id_username", "carla.chronist@amt-musterstadt.de")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    assert page.get_by_role("link", name="Neuer Beitrag").is_visible()
    assert page.get_by_role("link", name="Personen").count() == 0
