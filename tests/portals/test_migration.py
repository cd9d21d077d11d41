"""An installation from before portals becomes portal 1 with every address unchanged: the demo is written with
the models as they were, every public URL computed from it, then migrated, and every one of those URLs answers the
same way on the same address afterwards, the sitemaps listing the same absolute URLs (docs/mehrere-portale.md)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from demo import content
from portals.models import Portal, PortalMembership

# The last migrations before portals.
BEFORE = [
    ("articles", "0013_body_images"),
    ("pages", "0001_initial"),
    ("pagecache", "0002_contentgeneration_stamp"),
    ("newsletter", "0001_initial"),
    ("portals", None),
]


def seed_old(apps) -> dict:
    """The demo's sections, articles (with keywords and links), pages and an editor, in the old schema."""
    Section, ArticleType = apps.get_model("articles", "Section"), apps.get_model("articles", "ArticleType")
    Article, Keyword = apps.get_model("articles", "Article"), apps.get_model("articles", "Keyword")
    Tagged, Link = apps.get_model("articles", "KeywordedArticle"), apps.get_model("articles", "ArticleLink")
    Redirect, Page = apps.get_model("articles", "ArticleRedirect"), apps.get_model("pages", "Page")
    User, Group = apps.get_model("auth", "User"), apps.get_model("auth", "Group")
    sections = {data["slug"]: Section.objects.create(**data) for data in content.SECTIONS}
    types = {data["slug"]: ArticleType.objects.create(**data) for data in content.ARTICLE_TYPES}
    keywords = {}
    now = timezone.now()
    for index, data in enumerate(content.ARTICLES):
        article = Article.objects.create(
            kicker=data["kicker"],
            headline=data["headline"],
            slug=f"demo-{index}-" + re.sub(r"[^a-z]+", "-", data["headline"].lower()).strip("-")[:60],
            lead=data["lead"],
            body=data["body"],
            section=sections[data["section"]],
            article_type=types[data["article_type"]],
            status="published",
            published_at=now - timedelta(days=data["days_ago"], minutes=index),
        )
        for name in data["keywords"]:
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "stichwort"
            keyword = keywords.get(name) or Keyword.objects.create(name=name, slug=f"{slug}-{len(keywords)}")
            keywords[name] = keyword
            Tagged.objects.create(content_object=article, tag=keyword)
        for position, link in enumerate(data["links"]):
            Link.objects.create(article=article, url=link["url"], label=link["label"], position=position)
    moved = Article.objects.order_by("pk").first()
    Redirect.objects.create(old_path=f"/{moved.section.slug}/alter-name/", article=moved)
    for data in content.PAGES:
        Page.objects.create(is_published=True, **data)
    redaktion = User.objects.create(username="redakteurin", is_staff=True)
    redaktion.groups.add(Group.objects.get(name="Redaktion"))
    return {
        "articles": [
            reverse("articles:detail", kwargs={"section": a.section.slug, "slug": a.slug})
            for a in Article.objects.all()
        ],
        "sections": [reverse("articles:section", kwargs={"slug": s.slug}) for s in Section.objects.all()],
        "keywords": [reverse("articles:keyword", kwargs={"slug": k.slug}) for k in Keyword.objects.all()],
        "pages": [f"/{p.slug}/" for p in Page.objects.all()],
        "redirect": (
            f"/{moved.section.slug}/alter-name/",
            reverse("articles:detail", kwargs={"section": moved.section.slug, "slug": moved.slug}),
        ),
    }


def sitemap_locations(client, path: str) -> set[str]:
    return set(re.findall(r"<loc>([^<]+)</loc>", client.get(path).content.decode()))


@pytest.mark.django_db(transaction=True)
def test_every_public_address_of_an_installation_from_before_portals_stays(settings):
    settings.SITE_URL = "https://verwaltung-digital.example"
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old = seed_old(MigrationExecutor(connection).loader.project_state([node for node in BEFORE if node[1]]).apps)
    fixed = ["/", "/archiv/", "/stichwoerter/", "/feeds/rss/", "/feeds/atom/", "/robots.txt"]
    fixed += ["/sitemap.xml", "/sitemap-news.xml", "/sitemap-beitraege.xml", "/sitemap-bereiche.xml"]
    fixed += ["/sitemap-stichwoerter.xml"]
    before = fixed + old["articles"] + old["sections"] + old["keywords"] + old["pages"]
    before += [f"/feeds/bereich/{path.strip('/')}/rss/" for path in old["sections"]]
    before += [f"/feeds/stichwort/{path.split('/')[2]}/atom/" for path in old["keywords"]]
    try:
        MigrationExecutor(connection).migrate(latest)
    finally:
        MigrationExecutor(connection).loader.build_graph()

    portal = Portal.objects.get()
    assert (portal.name, portal.base_url, portal.url) == ("", "", settings.SITE_URL)
    assert PortalMembership.objects.filter(user__username="redakteurin", portal=portal, role="redaktion").exists()
    client = Client()
    for path in before:
        response = client.get(path)
        assert response.status_code == 200, path
    old_path, target = old["redirect"]
    moved = client.get(old_path)
    assert moved.status_code == 301 and moved["Location"] == target
    # The sitemaps name every article, section and keyword at the address SITE_URL gave them before.
    absolute = {f"{settings.SITE_URL}{path}" for path in old["articles"] + old["sections"] + old["keywords"]}
    listed = set().union(
        *(sitemap_locations(client, f"/sitemap-{name}.xml") for name in ("beitraege", "bereiche", "stichwoerter"))
    )
    assert listed == absolute
    # Links on the pages themselves go to the same addresses (relative, on the same host).
    hrefs = set(re.findall(r'href="(/[^"]*)"', client.get("/").content.decode()))
    assert set(old["sections"]) <= hrefs and set(old["pages"]) <= hrefs
