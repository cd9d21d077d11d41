"""Simultaneous requests end in a defined state with a message: never a 500, never an IntegrityError page.

Each test runs its requests in threads, each with its own database connection, on PostgreSQL (where writers
really run side by side; SQLite writes one at a time) or, for Link mailen, on both databases.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.db import IntegrityError, connection
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles.admin import ArticleAdmin
from articles.models import Article
from articles.workflow import Action
from tests.articles.test_admin import article_form_data
from tests.factories import ArticleFactory, ImageFactory
from tests.workflow_helpers import article_admin_data, editor

pytestmark = pytest.mark.django_db(transaction=True)
WAIT = 20  # seconds a thread waits for the other before the test fails


def in_threads(*calls):
    """Run the calls at once, each in its own thread with its own database connection; their results in order."""

    def run(call):
        try:
            return call()
        finally:
            connection.close()

    with ThreadPoolExecutor(len(calls)) as pool:
        return [future.result(timeout=WAIT * 2) for future in [pool.submit(run, call) for call in calls]]


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.postgres
def test_two_editors_saving_the_same_new_slug_at_once_one_saves_and_the_other_gets_the_form_back(monkeypatch):
    anna, ben = editor(username="anna"), editor(username="ben")
    data = article_form_data(status=Article.Status.DRAFT)
    anna_wrote, ben_validated = threading.Event(), threading.Event()
    save_model = ArticleAdmin.save_model

    def save_in_lockstep(self, request, obj, form, change):
        # Anna's row is written but not committed while Ben's form checks the slug: both checks pass.
        if request.user == ben:
            assert anna_wrote.wait(WAIT)
            ben_validated.set()
        save_model(self, request, obj, form, change)
        if request.user == anna:
            anna_wrote.set()
            assert ben_validated.wait(WAIT)

    monkeypatch.setattr(ArticleAdmin, "save_model", save_in_lockstep)
    url = reverse("admin:articles_article_add")

    anna_response, ben_response = in_threads(
        lambda: client_of(anna).post(url, data), lambda: client_of(ben).post(url, data)
    )

    assert anna_response.status_code == 302
    assert ben_response.status_code == 200
    form = ben_response.context["adminform"].form
    assert "slug" in form.errors, form.errors
    assert form.data["headline"] == data["headline"], "Ben's input is still in the form"
    assert Article.objects.get(slug=data["slug"]).created_by == anna
    assert Article.objects.count() == 1


@pytest.mark.postgres
def test_two_editors_publishing_the_same_article_at_once_publish_it_once_and_the_second_sees_the_conflict():
    anna, ben = editor(username="anna"), editor(username="ben")
    article = ArticleFactory(status=Article.Status.REVIEW, lead_image=ImageFactory())
    data = article_admin_data(article, action=Action.PUBLISH)
    url = reverse("admin:articles_article_change", args=[article.pk])
    clients = [client_of(anna), client_of(ben)]
    start = threading.Barrier(2, timeout=WAIT)

    def publish(client):
        start.wait()
        return client.post(url, data)

    responses = in_threads(lambda: publish(clients[0]), lambda: publish(clients[1]))

    assert sorted(response.status_code for response in responses) == [200, 302]
    refused = next(response for response in responses if response.status_code == 200)
    assert "Nicht gespeichert:" in refused.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.version == int(data["opened_version"]) + 1
    assert Version.objects.get_for_object(article).count() == 1


def test_twenty_simultaneous_link_mail_posts_from_one_client_send_exactly_the_limit(smtp, settings):
    settings.LINK_MAIL_PER_CLIENT_PER_HOUR = 5
    cache.clear()
    article = ArticleFactory()
    url = reverse("articles:detail-mail", kwargs={"section": article.section.slug, "slug": article.slug})
    start = threading.Barrier(20, timeout=WAIT)

    def send(number):
        client = Client()
        start.wait()
        return client.post(
            url, {"recipient": f"leser{number}@verwaltung-digital.de", "website": ""}, REMOTE_ADDR="192.0.2.44"
        ).status_code

    statuses = in_threads(*[lambda number=number: send(number) for number in range(20)])

    assert sorted(statuses) == [302] * 5 + [429] * 15
    assert len(smtp.envelopes) == 5


def test_save_refused_by_the_database_twice_answers_409_in_german_and_changes_nothing(monkeypatch):
    def always_taken(self, request, obj, form, change):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(ArticleAdmin, "save_model", always_taken)
    response = client_of(editor()).post(reverse("admin:articles_article_add"), article_form_data())

    assert response.status_code == 409
    assert "Jemand anderes hat im selben Augenblick" in response.content.decode()
    assert Article.objects.count() == 0
