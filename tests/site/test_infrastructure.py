"""The test machinery itself: media folder, browser fixtures, axe-core, the database of this run."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection


def test_media_root_is_a_fresh_folder_per_test(settings, tmp_path):
    media_root = settings.MEDIA_ROOT
    assert media_root == tmp_path / "media"
    name = default_storage.save("probe.txt", ContentFile(b"x"))
    assert (tmp_path / "media" / name).read_bytes() == b"x"


def test_page_axe_and_request_log_on_admin_login(page, page_log, axe, live_server):
    response = page.goto("/admin/login/")
    assert response is not None
    assert response.status == 200
    assert page.locator("input[name=username]").count() == 1

    violations = axe()
    assert isinstance(violations, list)
    assert isinstance(axe.format(violations), str)

    assert f"{live_server.url}/admin/login/" in page_log.requests
    assert page_log.foreign_requests() == [], page_log.requests


def test_axe_reports_violations_and_log_sees_foreign_requests(page, page_log, axe):
    page.set_content(
        '<!doctype html><html lang="de"><title>Probe</title><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<img src="http://127.0.0.2:9/pixel.gif" alt="">'
        "</main></html>"
    )
    page.evaluate("() => console.error('probe error')")

    violations = axe()
    assert "image-alt" in {violation["id"] for violation in violations}
    report = axe.format(violations)
    assert "image-alt" in report
    assert "<img" in report

    assert page_log.foreign_requests() == ["http://127.0.0.2:9/pixel.gif"]
    assert "probe error" in page_log.console_errors


@pytest.mark.postgres
@pytest.mark.django_db
def test_this_run_uses_postgresql_with_german_collation():
    assert connection.vendor == "postgresql"
    assert connection.pg_version >= 150000
    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM unnest(ARRAY['Zebra', 'Öl', 'Apfel', 'Ober', 'Äpfel']) AS word ORDER BY word")
        assert [row[0] for row in cursor.fetchall()] == ["Apfel", "Äpfel", "Ober", "Öl", "Zebra"]


# --- manage.py ensure_local_editor (used by `make run`) ---------------------------------------------


def _run_ensure_local_editor() -> str:
    out = StringIO()
    call_command("ensure_local_editor", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_ensure_local_editor_creates_the_account_once():
    if connection.vendor != "sqlite":
        pytest.skip("the command works on SQLite only")
    output = _run_ensure_local_editor()

    password = re.search(r"Password: (\S+)", output).group(1)
    user = get_user_model().objects.get()
    assert user.username == "redaktion"
    assert user.is_superuser
    assert user.is_staff
    assert user.check_password(password)
    assert password not in user.password

    again = _run_ensure_local_editor()
    assert "Password" not in again
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_ensure_local_editor_is_in_the_group_redaktion():
    if connection.vendor != "sqlite":
        pytest.skip("the command works on SQLite only")
    _run_ensure_local_editor()
    user = get_user_model().objects.get(username="redaktion")
    assert list(user.groups.values_list("name", flat=True)) == ["Redaktion"]


@pytest.mark.django_db
def test_ensure_local_editor_puts_an_earlier_local_editor_into_the_group_redaktion():
    if connection.vendor != "sqlite":
        pytest.skip("the command works on SQLite only")
    earlier = get_user_model().objects.create_superuser("redaktion", password="irrelevant-Passw0rd")
    output = _run_ensure_local_editor()
    assert "Password" not in output and "now in the group 'Redaktion'" in output
    assert list(earlier.groups.values_list("name", flat=True)) == ["Redaktion"]
    assert "now in the group" not in _run_ensure_local_editor()


@pytest.mark.django_db
def test_ensure_local_editor_does_nothing_when_users_exist():
    if connection.vendor != "sqlite":
        pytest.skip("the command works on SQLite only")
    get_user_model().objects.create_user("someone", password="irrelevant-Passw0rd")
    output = _run_ensure_local_editor()
    assert "Password" not in output
    assert not get_user_model().objects.filter(username="redaktion").exists()


@pytest.mark.postgres
@pytest.mark.django_db
def test_ensure_local_editor_refuses_other_databases():
    with pytest.raises(CommandError, match="only for the embedded SQLite"):
        _run_ensure_local_editor()
    assert not get_user_model().objects.exists()
