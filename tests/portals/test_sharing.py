"""Sharing, not copying: an article has one home portal and one address there; other portals show it in their
lists, search, feeds, keyword pages and related boxes, linking to that address (docs/mehrere-portale.md#teilen)."""

import json
import re

import feedparser
import pytest

from articles import services
from articles.models import Article, ArticleShare, Keyword, SectionShare
from portals.models import Portal
from tests.factories import ArticleFactory, ImageFactory, PortalFactory, SectionFactory
from tests.workflow_helpers import editor

pytestmark = pytest.mark.django_db

A = "https://verwaltung-digital.example"
B_HOST = "kommunal.example"


@pytest.fixture
def site(settings):
    settings.SITE_URL = A
    first = Portal.objects.default()
    sister = PortalFactory(name="Kommunal vernetzt", slug="kommunal", base_url=f"https://{B_HOST}")
    gemeinden = SectionFactory(portal=sister, name="Gemeinden", slug="gemeinden", position=1)
    verbund = SectionFactory(portal=sister, name="Aus dem Verbund", slug="verbund", position=2)
    wirtschaft = SectionFactory(portal=first, name="Wirtschaft", slug="wirtschaft", position=5)
    image = ImageFactory(credit="Pressestelle Erlenkreis")
    shared = ArticleFactory(headline="Geteilt in die Gemeinden", keywords=["Cloud"], lead_image=image)
    ArticleShare.objects.create(article=shared, portal=sister, section=gemeinden)
    by_rule = ArticleFactory(section=wirtschaft, headline="Über die Regel im Verbund", keywords=["Cloud"])
    SectionShare.objects.create(source=wirtschaft, target=verbund)
    alone = ArticleFactory(headline="Nur im ersten Portal", keywords=["Cloud"])
    own = ArticleFactory(section=gemeinden, headline="Eigener Beitrag des Schwesterportals", keywords=["Cloud"])
    own.related.set([shared, alone])
    ArticleFactory(section=gemeinden, headline="Entwurf im Schwesterportal", status=Article.Status.DRAFT)
    return {"first": first, "sister": sister, "shared": shared, "by_rule": by_rule, "alone": alone, "own": own}


def on_b(client, path: str) -> str:
    response = client.get(path, HTTP_HOST=B_HOST)
    assert response.status_code == 200, path
    return response.content.decode()


def links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def test_the_sister_portal_lists_its_own_and_the_shared_articles_linking_to_their_home(client, site):
    html = on_b(client, "/")
    for headline in ("Eigener Beitrag des Schwesterportals", "Geteilt in die Gemeinden", "Über die Regel im Verbund"):
        assert headline in html
    assert "Nur im ersten Portal" not in html and "Entwurf im Schwesterportal" not in html
    assert site["shared"].canonical_url() in links(html) and site["by_rule"].canonical_url() in links(html)
    assert site["own"].get_absolute_url() in links(html)
    assert "Aus dem Portal „Verwaltung digital“" in html
    # One image library: the credit comes along wherever the picture appears.
    assert "Pressestelle Erlenkreis" in html


def test_section_pages_list_what_is_shared_into_them(client, site):
    gemeinden = on_b(client, "/gemeinden/")
    assert "Geteilt in die Gemeinden" in gemeinden and "Eigener Beitrag des Schwesterportals" in gemeinden
    assert "Über die Regel im Verbund" not in gemeinden
    verbund = on_b(client, "/verbund/")
    assert "Über die Regel im Verbund" in verbund and "Geteilt in die Gemeinden" not in verbund
    home_blocks = on_b(client, "/").split('id="section-verbund"')[1]
    assert "Über die Regel im Verbund" in home_blocks


def test_keyword_pages_index_search_and_feeds_show_what_the_portal_shows(client, site):
    keyword = on_b(client, "/stichwort/cloud/")
    for headline in ("Eigener Beitrag des Schwesterportals", "Geteilt in die Gemeinden", "Über die Regel im Verbund"):
        assert headline in keyword
    assert "Nur im ersten Portal" not in keyword
    assert 'Cloud</a> <span class="count">(3 Beiträge)' in on_b(client, "/stichwoerter/")
    search = on_b(client, "/archiv/?q=Beitrag+Gemeinden+Portal")
    assert "Nur im ersten Portal" not in search
    assert "Geteilt in die Gemeinden" in on_b(client, "/archiv/?q=Geteilt")
    assert "Geteilt in die Gemeinden" in on_b(client, "/archiv/?bereich=gemeinden")
    for path in ("/feeds/rss/", "/feeds/bereich/gemeinden/atom/", "/feeds/stichwort/cloud/rss/"):
        feed = feedparser.parse(on_b(client, path))
        by_title = {entry.title: entry.link for entry in feed.entries}
        assert by_title["Musterland: Geteilt in die Gemeinden"] == site["shared"].canonical_url(), path
        assert "Musterland: Nur im ersten Portal" not in by_title, path
        assert feed.feed.title.startswith("Kommunal vernetzt"), path


def test_a_shared_article_has_one_address_at_home(client, site):
    shared = site["shared"]
    assert client.get(shared.get_absolute_url(), HTTP_HOST=B_HOST).status_code == 404
    page = client.get(shared.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="{A}{shared.get_absolute_url()}">' in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    assert data["url"] == data["mainEntityOfPage"] == f"{A}{shared.get_absolute_url()}"
    assert data["publisher"]["name"] == "Verwaltung digital"
    b_sitemap = on_b(client, "/sitemap-beitraege.xml")
    assert shared.get_absolute_url() not in b_sitemap and site["own"].get_absolute_url() in b_sitemap
    assert shared.get_absolute_url() not in on_b(client, "/sitemap-news.xml")
    a_sitemap = client.get("/sitemap-beitraege.xml").content.decode()
    assert f"<loc>{A}{shared.get_absolute_url()}</loc>" in a_sitemap
    assert site["own"].get_absolute_url() not in a_sitemap


def test_the_related_box_shows_shared_articles_of_the_section_and_hides_what_the_portal_does_not_show(client, site):
    html = on_b(client, site["own"].get_absolute_url())
    box = html.split('class="related"')[1]
    assert "Geteilt in die Gemeinden" in box and site["shared"].canonical_url() in box
    assert "Nur im ersten Portal" not in box  # chosen by hand, but not shown on this portal


def test_an_edit_shows_on_the_next_request_on_every_portal_that_shows_it(client, site):
    for path in ("/", "/gemeinden/", "/stichwort/cloud/", "/feeds/rss/"):
        on_b(client, path)
        client.get(path)
    shared = site["shared"]
    shared.headline = "Geänderte Überschrift"
    services.article_save(article=shared, user=editor())
    for path in ("/", "/gemeinden/", "/stichwort/cloud/", "/feeds/rss/"):
        assert "Geänderte Überschrift" in on_b(client, path), path
        assert "Geänderte Überschrift" in client.get(path).content.decode(), path


def test_taking_a_share_back_or_withdrawing_removes_it_from_the_other_portal(client, site):
    assert "Geteilt in die Gemeinden" in on_b(client, "/gemeinden/")
    ArticleShare.objects.filter(article=site["shared"]).delete()
    assert "Geteilt in die Gemeinden" not in on_b(client, "/gemeinden/")
    assert "Über die Regel im Verbund" in on_b(client, "/verbund/")
    services.article_withdraw(article=site["by_rule"], user=editor())
    assert "Über die Regel im Verbund" not in on_b(client, "/verbund/")
    assert "Über die Regel im Verbund" not in on_b(client, "/stichwort/cloud/")


def test_a_share_without_section_appears_on_the_home_page_search_and_keywords_but_in_no_section(client, site):
    loose = ArticleFactory(headline="Ohne Bereich geteilt", keywords=["Cloud"])
    ArticleShare.objects.create(article=loose, portal=site["sister"])
    assert "Ohne Bereich geteilt" in on_b(client, "/")
    assert "Ohne Bereich geteilt" in on_b(client, "/stichwort/cloud/")
    assert "Ohne Bereich geteilt" in on_b(client, "/archiv/?q=Bereich")
    assert "Ohne Bereich geteilt" not in on_b(client, "/gemeinden/") + on_b(client, "/verbund/")


def test_sharing_rules_and_shares_are_checked(site):
    from django.core.exceptions import ValidationError

    same_portal = SectionShare(source=site["shared"].section, target=site["alone"].section)
    with pytest.raises(ValidationError, match="selben Portal"):
        same_portal.clean()
    at_home = ArticleShare(article=site["shared"], portal=site["first"])
    with pytest.raises(ValidationError, match="Heimatportal"):
        at_home.clean()
    wrong_section = ArticleShare(article=site["alone"], portal=site["sister"], section=site["alone"].section)
    with pytest.raises(ValidationError, match="anderen Portal"):
        wrong_section.clean()
    second_rule = SectionShare(source=site["by_rule"].section, target=site["own"].section)
    with pytest.raises(ValidationError, match="schon eine Regel"):
        second_rule.clean()


def test_keywords_are_one_vocabulary(site):
    assert Keyword.objects.filter(name="Cloud").count() == 1


def test_a_picture_not_licensed_for_other_portals_keeps_its_article_at_home(site):
    from django.core.exceptions import ValidationError

    from images.models import ImageRights

    alone = site["alone"]
    alone.lead_image = ImageFactory(credit="Agentur Beispielbild")
    alone.save()
    ImageRights.objects.create(image=alone.lead_image, licence="agency", scope_portals=False)
    share = ArticleShare(article=alone, portal=site["sister"])
    with pytest.raises(ValidationError, match="andere Portale und Partner"):
        share.full_clean()
    # Published in a section whose articles a rule shows elsewhere: refused at publish time, naming the picture.
    by_rule = site["by_rule"]
    by_rule.lead_image = alone.lead_image
    problems = by_rule.publish_problems()
    assert any("Agentur Beispielbild" in problem and "andere Portale" in problem for problem in problems)
    assert not any("andere Portale" in problem for problem in alone.publish_problems())
