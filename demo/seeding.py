"""The hand-written demo: sections, article types, articles with drawn lead images, keywords, links, related
articles, and the sample static pages; all from `demo.content`. Two portals: the first one (the installation's
own, SITE_URL) and a sister portal on another host that shows some of the first one's articles by sharing."""

from collections import defaultdict
from datetime import datetime, timedelta
from datetime import time as clock
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.utils import timezone

from articles.models import (
    Article,
    ArticleLink,
    ArticleShare,
    ArticleType,
    Byline,
    Section,
    SectionShare,
    german_slugify,
)
from images.models import ImageRights
from newsletter import services as newsletter_services
from newsletter.models import Issue, NewsletterList
from pages.models import Page
from people.models import Contributor
from portals.models import Portal

from . import content
from .pictures import create_library_image


def german_number(value: float, decimals: int = 0) -> str:
    """12345.6 -> "12.345,6": numbers as German readers write them."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def ensure_by_slug(model: type[Section] | type[ArticleType], rows: list[dict], **scope) -> dict:
    """The demo rows of `model` by slug (within `scope`, e.g. a portal); existing rows are kept as they are."""
    found = {}
    for data in rows:
        defaults = {key: value for key, value in data.items() if key != "slug"}
        found[data["slug"]], _ = model.objects.get_or_create(slug=data["slug"], defaults=defaults, **scope)
    return found


def ensure_sections(portal: Portal | None = None) -> dict[str, Section]:
    portal = portal or Portal.objects.default()
    return ensure_by_slug(Section, content.SECTIONS, portal=portal)


def ensure_article_types() -> dict[str, ArticleType]:
    return ensure_by_slug(ArticleType, content.ARTICLE_TYPES)


def publication_time(now: datetime, days_ago: int, index: int) -> datetime:
    """A plausible office-hours time `days_ago` days before `now` (Berlin time), never in the future."""
    day = timezone.localtime(now).date() - timedelta(days=days_ago)
    moment = timezone.make_aware(datetime.combine(day, clock(7 + (index * 5) % 11, (index * 17) % 60)))
    return min(moment, now - timedelta(minutes=5 + index))


def related_choices(articles: list[Article]) -> dict[Article, list[Article]]:
    """1–3 following articles of the same section (wrapping around), so the choice is stable between runs."""
    by_section: dict[int, list[Article]] = defaultdict(list)
    for article in articles:
        by_section[article.section_id].append(article)
    chosen = {}
    for group in by_section.values():
        for position, article in enumerate(group):
            count = min(1 + position % 3, len(group) - 1)
            chosen[article] = [group[(position + step) % len(group)] for step in range(1, count + 1)]
    return chosen


def ensure_pages(portal: Portal | None = None, pages: list[dict] = content.PAGES) -> list[str]:
    """Create the portal's sample static pages whose address has no page yet; titles of those created."""
    portal = portal or Portal.objects.default()
    existing = set(Page.objects.filter(portal=portal).values_list("slug", flat=True))
    created = []
    for data in pages:
        if data["slug"] not in existing:
            Page.objects.create(portal=portal, is_published=True, **data)
            created.append(data["title"])
    return created


def create_demo_articles(
    report=lambda article: None,
    *,
    rows: list[dict] = content.ARTICLES,
    sections: dict[str, Section] | None = None,
    pictures: str = "demo",
    seed: int = 0,
    people: dict = content.CONTRIBUTORS,
    owner: str = "Verwaltung digital",
    ending_licence: int | None = content.ENDING_LICENCE_ARTICLE,
) -> list[Article]:
    """Every article of `rows` (default: the first portal's), published, with its picture (files named
    `<pictures>-NN-<motif>.jpg`, drawn from `seed` on, owned by `owner` but the one at `ending_licence`), the
    contributors of `people` in their bylines, keywords, links and related articles."""
    sections = sections or ensure_sections()
    types = ensure_article_types()
    now = timezone.now()
    contributors = create_contributors(people, owner)
    photo_desk = Contributor.objects.get_or_create(slug="bildredaktion", defaults=content.PHOTO_DESK)[0]
    articles = []
    for index, data in enumerate(rows):
        picture = data["image"]
        image = create_library_image(
            alt_text=picture["alt_text"],
            caption=picture["caption"],
            credit=picture["credit"],
            colors=picture["colors"],
            motif=picture["motif"],
            seed=seed + index,
            filename=f"{pictures}-{index + 1:02d}-{picture['motif']}.jpg",
        )
        article = Article(
            kicker=data["kicker"],
            headline=data["headline"],
            lead=data["lead"],
            body=data["body"],
            author_shorthand=data["author_shorthand"],
            section=sections[data["section"]],
            article_type=types[data["article_type"]],
            lead_image=image,
            status=Article.Status.PUBLISHED,
            published_at=publication_time(now, data["days_ago"], index),
        )
        article.save()
        record_rights(image, owner, ending=index == ending_licence, now=now)
        if data["article_type"] != "meldung":
            name_in_byline(article, contributors[data["author_shorthand"]], photo_desk, data["article_type"])
        article.keywords.set(data["keywords"])
        ArticleLink.objects.bulk_create(
            ArticleLink(article=article, url=link["url"], label=link["label"], position=position)
            for position, link in enumerate(data["links"])
        )
        articles.append(article)
        report(article)
    for article, related in related_choices(articles).items():
        article.related.set(related)
    return articles


# --- the sister portal -----------------------------------------------------------------------------------------


def sister_portal_url() -> str:
    """The sister portal's address: SITE_URL's scheme and port on its own host (localhost), so that `make run` and
    `make serve` serve both portals on one port (docs/mehrere-portale.md#demo)."""
    parts = urlsplit(settings.SITE_URL)
    netloc = content.SISTER_PORTAL["host"] + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, "", "", ""))


def ensure_sister_portal() -> tuple[Portal, bool]:
    """The sister portal (created if missing); its address follows SITE_URL's port while it is on localhost."""
    data = content.SISTER_PORTAL
    fields = {key: data[key] for key in ("name", "theme", "logo", "description", "footer_text")}
    portal, created = Portal.objects.get_or_create(
        slug=data["slug"], defaults={**fields, "base_url": sister_portal_url()}
    )
    if not created and portal.host == data["host"] and portal.base_url != sister_portal_url():
        portal.base_url = sister_portal_url()
        portal.save(update_fields=["base_url"])
    return portal, created


def create_sister_demo(report=lambda article: None) -> list[Article]:
    """The sister portal's sections, pages and articles, and the first portal's articles it shows: some shared one
    by one, a whole section by a rule. Nothing is copied."""
    portal, _created = ensure_sister_portal()
    ensure_pages(portal, content.SISTER_PAGES)
    sections = ensure_by_slug(Section, content.SISTER_SECTIONS, portal=portal)
    articles = create_demo_articles(
        report,
        rows=content.SISTER_ARTICLES,
        sections=sections,
        pictures=f"demo-{portal.slug}",
        seed=500,
        people=content.SISTER_CONTRIBUTORS,
        owner=content.SISTER_PUBLISHER,
        ending_licence=None,
    )
    first = Portal.objects.default()
    for share in content.SISTER_SHARES:
        article = Article.objects.filter(section__portal=first, headline=share["headline"]).first()
        if article is not None:
            section = sections[share["section"]] if share["section"] else None
            ArticleShare.objects.get_or_create(article=article, portal=portal, defaults={"section": section})
    for source, target in content.SISTER_RULES:
        source_section = Section.objects.filter(portal=first, slug=source).first()
        if source_section is not None:
            SectionShare.objects.get_or_create(source=source_section, target=sections[target])
    return articles


def create_contributors(
    people: dict = content.CONTRIBUTORS, owner: str = "Verwaltung digital"
) -> dict[str, Contributor]:
    """The demo's contributors of `people` by shorthand; those with a drawing get a portrait."""
    made = {}
    for index, (shorthand, data) in enumerate(people.items()):
        portrait = None
        if drawing := data.get("portrait"):
            portrait = create_library_image(
                alt_text=f"Porträt von {data['name']}",
                caption="",
                credit=owner,
                colors=drawing["colors"],
                motif=drawing["motif"],
                seed=100 + index,
                filename=f"demo-portrait-{shorthand}.jpg",
            )
            ImageRights.objects.create(image=portrait, licence=ImageRights.Licence.OWN, licensor=owner)
        made[shorthand] = Contributor.objects.create(
            name=data["name"],
            slug=german_slugify(data["name"]),
            role=data["role"],
            bio=data["bio"],
            links=data.get("links", ""),
            portrait=portrait,
        )
    return made


def name_in_byline(article: Article, writer: Contributor, photo_desk: Contributor, article_type: str) -> None:
    role = Byline.Role.INTERVIEW if article_type == "interview" else Byline.Role.TEXT
    Byline.objects.create(article=article, contributor=writer, role=role, position=1)
    if article_type == "interview":
        Byline.objects.create(article=article, contributor=photo_desk, role=Byline.Role.PHOTO, position=2)


def record_rights(image, owner: str, *, ending: bool, now: datetime) -> None:
    """Every demo picture gets a rights record; one press handout's licence ends soon after seeding. Both kinds
    cover the other portals: the first portal shares articles with its sister, and sharing needs that scope."""
    if ending:
        ImageRights.objects.create(
            image=image,
            licence=ImageRights.Licence.HANDOUT,
            licensor=image.credit,
            scope_newsletter=False,
            scope_portals=True,
            valid_until=now + timedelta(minutes=content.ENDING_LICENCE_MINUTES),
            restrictions="Nur zur Berichterstattung über den Anlass; danach nicht mehr verwenden.",
        )
    else:
        ImageRights.objects.create(image=image, licence=ImageRights.Licence.OWN, licensor=owner, scope_portals=True)


def ensure_newsletter() -> list[str]:
    """The demo lists, an issue already sent (for the archive) and a draft built like the Redaktion builds one,
    so that a reader of `make run` can subscribe, confirm and receive it (docs/newsletter.md#demo). Only when
    there is no list yet; names of what was created."""
    if NewsletterList.objects.exists() or not Article.objects.exists():
        return []
    first = Portal.objects.default()
    sections = {section.slug: section for section in Section.objects.filter(portal=first)}
    lists = []
    for data in content.NEWSLETTER_LISTS:
        newsletter_list = NewsletterList.objects.create(
            name=data["name"],
            slug=data["slug"],
            description=data["description"],
            portal=first,
            sender_name=first.display_name,
            sender_email=settings.DEFAULT_FROM_EMAIL,
            position=data["position"],
        )
        newsletter_list.sections.set([sections[slug] for slug in data["sections"] if slug in sections])
        lists.append(newsletter_list)
    weekly = lists[0]
    now = timezone.now()
    last_week = now - timedelta(days=7)
    sent = Issue.objects.create(
        newsletter_list=weekly,
        subject=f"{weekly.name}: die Woche bis zum {last_week:%d.%m.%Y}",
        state=Issue.State.SENT,
        send_at=last_week,
        finished_at=last_week,
    )
    older = Article.objects.published().home_on(first).filter(published_at__lte=last_week).order_by("-published_at")[:3]
    for position, article in enumerate(older):
        sent.items.create(article=article, position=(position + 1) * 10)
    draft = newsletter_services.start_issue(newsletter_list=weekly, subject=f"{weekly.name}: diese Woche", user=None)
    draft.editorial = content.NEWSLETTER_EDITORIAL
    draft.save()
    return [newsletter_list.name for newsletter_list in lists] + [sent.subject, draft.subject]
