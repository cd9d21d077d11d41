"""Page cache and fragments per portal: a change on portal A leaves portal B's cached pages alone unless B shows
the changed article; every write that nobody attributed to portals still empties every portal's pages
(docs/mehrere-portale.md#seiten-cache)."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from articles import services
from articles.models import Article, ArticleShare, Keyword, Section
from pages.models import Page
from portals.models import Portal
from tests.factories import ArticleFactory, PortalFactory, SectionFactory
from tests.workflow_helpers import article_admin_data, editor, form_errors, logged_in

pytestmark = pytest.mark.django_db

B = "kommunal.example"
A_PAGES = ["/", "/politik/", "/stichwort/cloud/", "/feeds/rss/", "/impressum/"]
B_PAGES = ["/", "/gemeinden/", "/stichwort/cloud/", "/feeds/rss/", "/impressum/"]


@pytest.fixture
def reader():
    return Client()


@pytest.fixture
def site():
    first = Portal.objects.default()
    sister = PortalFactory(slug="kommunal", name="Kommunal vernetzt", base_url=f"https://{B}")
    gemeinden = SectionFactory(portal=sister, name="Gemeinden", slug="gemeinden")
    ArticleFactory(section=gemeinden, headline="Eigener Beitrag in B", keywords=["Cloud"])
    alone = ArticleFactory(headline="Nur in A", keywords=["Cloud"])
    shared = ArticleFactory(headline="Geteilt mit B", keywords=["Cloud"])
    ArticleShare.objects.create(article=shared, portal=sister, section=gemeinden)
    draft = ArticleFactory(headline="Entwurf in A", status=Article.Status.DRAFT)
    for portal in (first, sister):
        Page.objects.create(portal=portal, slug="impressum", title="Impressum", is_published=True)
    return {"first": first, "sister": sister, "alone": alone, "shared": shared, "draft": draft}


def outcome(reader, path, host=None) -> str:
    response = reader.get(path, HTTP_HOST=host) if host else reader.get(path)
    assert response.status_code == 200, (host, path)
    return response["X-Page-Cache"]


def warm(reader):
    for path in A_PAGES:
        outcome(reader, path)
        assert outcome(reader, path) == "hit", path
    for path in B_PAGES:
        outcome(reader, path, B)
        assert outcome(reader, path, B) == "hit", path


def cached(reader) -> dict[str, bool]:
    """Which portals still answer every page from the cache."""
    return {
        "A": all(outcome(reader, path) == "hit" for path in A_PAGES),
        "B": all(outcome(reader, path, B) == "hit" for path in B_PAGES),
    }


def test_an_edit_of_an_article_of_a_alone_leaves_bs_pages_cached(reader, site):
    warm(reader)
    alone = site["alone"]
    alone.headline = "Nur in A, geändert"
    services.article_save(article=alone, user=editor())
    assert cached(reader) == {"A": False, "B": True}
    assert "Nur in A, geändert" in reader.get("/").content.decode()


def test_an_edit_of_a_shared_article_empties_both(reader, site):
    warm(reader)
    shared = site["shared"]
    shared.headline = "Geteilt, geändert"
    services.article_save(article=shared, user=editor())
    assert cached(reader) == {"A": False, "B": False}
    assert "Geteilt, geändert" in reader.get("/gemeinden/", HTTP_HOST=B).content.decode()


def test_a_share_added_or_taken_back_empties_the_target_portal(reader, site):
    warm(reader)
    ArticleShare.objects.filter(article=site["shared"]).delete()  # unattributed write: every portal
    assert cached(reader) == {"A": False, "B": False}
    warm(reader)
    client = logged_in(Client(), editor())
    alone = site["alone"]
    data = article_admin_data(alone)
    data.update({"shares-TOTAL_FORMS": "1", "shares-0-portal": str(site["sister"].pk), "shares-0-article": ""})
    data["shares-0-section"] = str(Section.objects.get(slug="gemeinden").pk)
    response = client.post(reverse("admin:articles_article_change", args=[alone.pk]), data)
    assert response.status_code == 302, form_errors(response)
    assert cached(reader) == {"A": False, "B": False}
    assert "Nur in A" in reader.get("/gemeinden/", HTTP_HOST=B).content.decode()


def test_the_admin_save_of_an_article_of_a_leaves_b_cached(reader, site):
    warm(reader)
    alone = site["alone"]
    client = logged_in(Client(), editor())
    data = article_admin_data(alone, headline="Im Admin geändert", keywords="Cloud, Neu im Admin")
    response = client.post(reverse("admin:articles_article_change", args=[alone.pk]), data)
    assert response.status_code == 302, form_errors(response)
    assert cached(reader) == {"A": False, "B": True}


def test_a_draft_changes_no_public_page(reader, site):
    warm(reader)
    draft = site["draft"]
    draft.headline = "Entwurf, überarbeitet"
    services.article_save(article=draft, user=editor())
    draft.keywords.set(["Cloud"])  # unattributed: taggit outside the admin
    assert cached(reader) == {"A": False, "B": False}
    warm(reader)
    draft.lead = "Noch einmal überarbeitet"
    services.article_save(article=draft, user=editor())
    assert cached(reader) == {"A": True, "B": True}


def test_a_static_page_changes_its_portal_only(reader, site):
    warm(reader)
    page = Page.objects.get(portal=site["sister"], slug="impressum")
    page.body = "<p>Neuer Herausgeber</p>"
    page.save()
    assert cached(reader) == {"A": True, "B": False}


def test_writes_nobody_attributed_empty_every_portal(reader, site):
    for write in (
        lambda: Article.objects.filter(pk=site["alone"].pk).update(lead="Per update"),
        lambda: Keyword.objects.filter(name="Cloud").update(name="Wolke"),
        lambda: Section.objects.filter(slug="politik").update(description="Neu"),
        lambda: Portal.objects.filter(pk=site["sister"].pk).update(description="Neu"),
    ):
        warm(reader)
        write()
        assert cached(reader) == {"A": False, "B": False}


def test_a_rolled_back_edit_leaves_every_page_cached(reader, site):
    warm(reader)
    shared = site["shared"]
    with pytest.raises(RuntimeError), transaction.atomic():
        shared.headline = "Nie gespeichert"
        shared.save()
        raise RuntimeError
    assert cached(reader) == {"A": True, "B": True}


def test_fragments_are_kept_per_portal(reader, site):
    assert "Gemeinden" in reader.get("/", HTTP_HOST=B).content.decode()
    assert "Gemeinden" not in reader.get("/").content.decode().split("</nav>")[0]
    SectionFactory(portal=site["sister"], name="Neu im Kopf", slug="neu-im-kopf")
    assert 'href="/neu-im-kopf/"' in reader.get("/impressum/", HTTP_HOST=B).content.decode()
    assert 'href="/neu-im-kopf/"' not in reader.get("/impressum/").content.decode()
