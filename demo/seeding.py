"""The hand-written demo: sections, article types, articles with drawn lead images, keywords, links, related
articles, and the sample static pages; all from `demo.content`."""

from collections import defaultdict
from datetime import datetime, timedelta
from datetime import time as clock

from django.conf import settings
from django.utils import timezone

from articles.models import Article, ArticleLink, ArticleType, Byline, Section, german_slugify
from images.models import ImageRights
from newsletter import services as newsletter_services
from newsletter.models import Issue, NewsletterList
from pages.models import Page
from people.models import Contributor

from . import content
from .pictures import create_library_image


def german_number(value: float, decimals: int = 0) -> str:
    """12345.6 -> "12.345,6": numbers as German readers write them."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def ensure_by_slug(model: type[Section] | type[ArticleType], rows: list[dict]) -> dict:
    """The demo rows of `model` by slug; existing rows are kept as they are."""
    found = {}
    for data in rows:
        defaults = {key: value for key, value in data.items() if key != "slug"}
        found[data["slug"]], _ = model.objects.get_or_create(slug=data["slug"], defaults=defaults)
    return found


def ensure_sections() -> dict[str, Section]:
    return ensure_by_slug(Section, content.SECTIONS)


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


def ensure_pages() -> list[str]:
    """Create the sample static pages whose address has no page yet; titles of those created."""
    existing = set(Page.objects.values_list("slug", flat=True))
    created = []
    for data in content.PAGES:
        if data["slug"] not in existing:
            Page.objects.create(is_published=True, **data)
            created.append(data["title"])
    return created


def create_demo_articles(report=lambda article: None) -> list[Article]:
    """Every article of `demo.content`, published, with its picture, keywords, links and related articles."""
    sections = ensure_sections()
    types = ensure_article_types()
    now = timezone.now()
    contributors = create_contributors()
    photo_desk = Contributor.objects.create(slug="bildredaktion", **content.PHOTO_DESK)
    articles = []
    for index, data in enumerate(content.ARTICLES):
        picture = data["image"]
        image = create_library_image(
            alt_text=picture["alt_text"],
            caption=picture["caption"],
            credit=picture["credit"],
            colors=picture["colors"],
            motif=picture["motif"],
            seed=index,
            filename=f"demo-{index + 1:02d}-{picture['motif']}.jpg",
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
        record_rights(image, index, now)
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


def create_contributors() -> dict[str, Contributor]:
    """The demo's contributors by shorthand; the first with a drawn portrait."""
    made = {}
    for index, (shorthand, data) in enumerate(content.CONTRIBUTORS.items()):
        portrait = None
        if drawing := data.get("portrait"):
            portrait = create_library_image(
                alt_text=f"Porträt von {data['name']}",
                caption="",
                credit="Verwaltung digital",
                colors=drawing["colors"],
                motif=drawing["motif"],
                seed=100 + index,
                filename=f"demo-portrait-{shorthand}.jpg",
            )
            ImageRights.objects.create(image=portrait, licence=ImageRights.Licence.OWN, licensor="Verwaltung digital")
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


def record_rights(image, index: int, now: datetime) -> None:
    """Every demo picture gets a rights record; one press handout's licence ends soon after seeding."""
    if index == content.ENDING_LICENCE_ARTICLE:
        ImageRights.objects.create(
            image=image,
            licence=ImageRights.Licence.HANDOUT,
            licensor=image.credit,
            scope_newsletter=False,
            valid_until=now + timedelta(minutes=content.ENDING_LICENCE_MINUTES),
            restrictions="Nur zur Berichterstattung über den Anlass; danach nicht mehr verwenden.",
        )
    else:
        ImageRights.objects.create(image=image, licence=ImageRights.Licence.OWN, licensor="Verwaltung digital")


def ensure_newsletter() -> list[str]:
    """The demo lists, an issue already sent (for the archive) and a draft built like the Redaktion builds one,
    so that a reader of `make run` can subscribe, confirm and receive it (docs/newsletter.md#demo). Only when
    there is no list yet; names of what was created."""
    if NewsletterList.objects.exists() or not Article.objects.exists():
        return []
    sections = {section.slug: section for section in Section.objects.all()}
    lists = []
    for data in content.NEWSLETTER_LISTS:
        newsletter_list = NewsletterList.objects.create(
            name=data["name"],
            slug=data["slug"],
            description=data["description"],
            sender_name=settings.SITE_NAME,
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
    older = Article.objects.published().filter(published_at__lte=last_week).order_by("-published_at")[:3]
    for position, article in enumerate(older):
        sent.items.create(article=article, position=(position + 1) * 10)
    draft = newsletter_services.start_issue(newsletter_list=weekly, subject=f"{weekly.name}: diese Woche", user=None)
    draft.editorial = content.NEWSLETTER_EDITORIAL
    draft.save()
    return [newsletter_list.name for newsletter_list in lists] + [sent.subject, draft.subject]
