"""Editors per portal: a person works on the portals of their memberships, in a role each; what belongs to another
portal is not there for them anywhere in the admin; the home portal's Redaktion decides about sharing; the admin
names the current portal and lets a person with several switch (docs/mehrere-portale.md#rechte)."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from articles import services
from articles.models import Article, ArticleShare
from articles.preview import preview_url
from portals.models import Portal, PortalMembership
from tests.factories import ArticleFactory, PortalFactory, SectionFactory, UserFactory
from tests.workflow_helpers import article_admin_data, form_errors, logged_in

pytestmark = pytest.mark.django_db

B = "kommunal.example"


@pytest.fixture
def site():
    first = Portal.objects.default()
    sister = PortalFactory(slug="kommunal", name="Kommunal vernetzt", base_url=f"http://{B}")
    gemeinden = SectionFactory(portal=sister, name="Gemeinden", slug="gemeinden")
    a_draft = ArticleFactory(headline="Entwurf in A", status=Article.Status.DRAFT, slug="entwurf-a")
    b_draft = ArticleFactory(section=gemeinden, headline="Entwurf in B", status=Article.Status.DRAFT, slug="entwurf-b")
    a_live = ArticleFactory(headline="Veröffentlicht in A", slug="live-a")
    b_live = ArticleFactory(section=gemeinden, headline="Veröffentlicht in B", slug="live-b")
    return {
        "first": first,
        "sister": sister,
        "a_draft": a_draft,
        "b_draft": b_draft,
        "a_live": a_live,
        "b_live": b_live,
    }


def person(roles_by_portal: dict, groups=("Autorin/Autor",)) -> User:
    user = UserFactory(roles=list(groups))
    PortalMembership.objects.filter(user=user).delete()
    for portal, role in roles_by_portal.items():
        PortalMembership.objects.create(user=user, portal=portal, role=role)
    return user


AUTHOR, EDITOR = PortalMembership.Role.AUTHOR, PortalMembership.Role.EDITOR


def changelist(client) -> str:
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    return response.content.decode()


def test_an_author_of_a_sees_nothing_of_bs_articles_anywhere_in_the_admin(client, site):
    writer = person({site["first"]: AUTHOR})
    client = logged_in(client, writer)
    html = changelist(client)
    assert "Entwurf in A" in html and "Entwurf in B" not in html and "Veröffentlicht in B" not in html
    for name in ("change", "history", "delete"):
        response = client.get(reverse(f"admin:articles_article_{name}", args=[site["b_draft"].pk]))
        assert response.status_code in (302, 403, 404), name
        assert "Entwurf in B" not in response.content.decode(), name
    for view in ("articles_article_versions", "articles_article_diff"):
        response = client.get(reverse(f"admin:{view}", args=[site["b_draft"].pk]))
        assert response.status_code in (302, 403, 404) and "Entwurf in B" not in response.content.decode()
    found = client.get(
        reverse("admin:autocomplete"),
        {"term": "Entwurf", "app_label": "articles", "model_name": "article", "field_name": "related"},
    ).json()
    assert [item["text"] for item in found["results"]] == ["Musterland: Entwurf in A"]
    assert "Entwurf in B" not in client.get(reverse("admin:index")).content.decode()


def test_a_change_posted_for_another_portals_article_changes_nothing(client, site):
    writer = person({site["first"]: EDITOR}, groups=("Redaktion",))
    b_draft = site["b_draft"]
    data = article_admin_data(b_draft, headline="Übernommen")
    response = logged_in(client, writer).post(reverse("admin:articles_article_change", args=[b_draft.pk]), data)
    assert response.status_code in (302, 403, 404)
    assert Article.objects.get(pk=b_draft.pk).headline == "Entwurf in B"
    with pytest.raises(Exception, match="nicht"):
        services.article_publish(article=b_draft, user=writer)


def test_a_preview_link_shows_its_draft_only_on_the_home_portals_host(client, site):
    link = preview_url(site["b_draft"])
    assert client.get(link, HTTP_HOST=B).status_code == 200
    assert client.get(link).status_code == 404
    assert client.get(preview_url(site["a_draft"]), HTTP_HOST=B).status_code == 404


def test_roles_are_per_portal(client, site):
    both = person({site["first"]: EDITOR, site["sister"]: AUTHOR}, groups=("Redaktion",))
    services.article_publish(article=site["a_draft"], user=both)
    assert Article.objects.get(pk=site["a_draft"].pk).status == Article.Status.PUBLISHED
    Article.objects.filter(pk=site["b_draft"].pk).update(created_by=both)  # both's own draft on B
    with pytest.raises(Exception, match="nur die Redaktion"):
        services.article_publish(article=Article.objects.get(pk=site["b_draft"].pk), user=both)
    assert not site["b_live"].can_be_edited_by(both)  # published on B, where both is an author
    assert site["a_live"].can_be_edited_by(both)


def test_only_the_home_portals_redaktion_decides_about_sharing(client, site):
    a_live = site["a_live"]
    url = reverse("admin:articles_article_change", args=[a_live.pk])
    data = article_admin_data(a_live)
    data.update({"shares-TOTAL_FORMS": "1", "shares-0-portal": str(site["sister"].pk), "shares-0-article": ""})

    editor_of_b = person({site["first"]: AUTHOR, site["sister"]: EDITOR}, groups=("Redaktion",))
    client = logged_in(Client(), editor_of_b)
    assert 'name="shares-0-portal"' not in client.get(url).content.decode()
    client.post(url, data)
    assert not ArticleShare.objects.exists()

    editor_of_a = person({site["first"]: EDITOR}, groups=("Redaktion",))
    client = logged_in(Client(), editor_of_a)
    assert 'name="shares-__prefix__-portal"' in client.get(url).content.decode()
    response = client.post(url, data)
    assert response.status_code == 302, form_errors(response)
    assert ArticleShare.objects.get().portal == site["sister"]


def test_the_admin_names_the_current_portal_and_a_person_with_several_switches(client, site):
    one = logged_in(Client(), person({site["sister"]: AUTHOR}))
    html = one.get(reverse("admin:index")).content.decode()
    assert "Portal:" in html and "<strong>Kommunal vernetzt</strong>" in html and 'name="portal"' not in html
    assert "Entwurf in B" in changelist(one)

    both = logged_in(Client(), person({site["first"]: AUTHOR, site["sister"]: AUTHOR}))
    html = both.get(reverse("admin:index")).content.decode()
    assert '<select id="nr-portal-choice" name="portal">' in html
    assert "Entwurf in A" in changelist(both) and "Entwurf in B" not in changelist(both)
    switched = both.post(
        reverse("admin:portals_switch"), {"portal": site["sister"].pk, "next": "/admin/articles/article/"}
    )
    assert switched.status_code == 302 and switched["Location"] == "/admin/articles/article/"
    assert "Entwurf in B" in changelist(both) and "Entwurf in A" not in changelist(both)
    # A portal the person does not work on, an id out of range, a foreign address to go back to: refused.
    for refused in (
        {"portal": Portal.objects.create(slug="fremd", name="Fremd", base_url="http://fremd.example").pk},
        {"portal": "9" * 30},
        {"portal": "abc"},
    ):
        assert both.post(reverse("admin:portals_switch"), {**refused, "next": "/admin/"}).status_code == 302
    assert "Entwurf in B" in changelist(both)
    away = both.post(reverse("admin:portals_switch"), {"portal": site["first"].pk, "next": "https://evil.example/"})
    assert away["Location"] == reverse("admin:index")


def test_superusers_work_on_every_portal_and_keep_the_portals(client, site):
    chief = User.objects.create_superuser("chefin", "chefin@example.org", "x")
    client = logged_in(client, chief)
    assert "Entwurf in A" in changelist(client)
    client.post(reverse("admin:portals_switch"), {"portal": site["sister"].pk, "next": "/admin/"})
    assert "Entwurf in B" in changelist(client)
    assert client.get(reverse("admin:portals_portal_changelist")).status_code == 200
    editor = logged_in(Client(), person({site["first"]: EDITOR}, groups=("Redaktion",)))
    assert editor.get(reverse("admin:portals_portal_changelist")).status_code == 403


def test_sections_and_pages_of_another_portal_are_out_of_reach(client, site):
    editor = logged_in(client, person({site["first"]: EDITOR}, groups=("Redaktion",)))
    sections = editor.get(reverse("admin:articles_section_changelist")).content.decode()
    assert "Politik" in sections and "Gemeinden" not in sections
    gemeinden = site["b_live"].section
    response = editor.get(reverse("admin:articles_section_change", args=[gemeinden.pk]))
    assert response.status_code in (302, 404)
    form = editor.get(reverse("admin:articles_section_add")).content.decode()
    assert "Kommunal vernetzt" not in form
