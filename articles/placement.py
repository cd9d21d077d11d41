"""Where articles appear: at home (the portal of their section) and on other portals they are shared with, one by
one (ArticleShare) or by a rule (SectionShare) (docs/mehrere-portale.md#teilen).

`Placement` is what one portal shows besides its own articles, read in one query and kept per content generation
of that portal: the lists' conditions stay as plain as before for a portal that receives nothing (the section page
reads its section's index, the keyword page its keyword rows' index), and grow an `OR` only where something is
shared in.

`affected_portals` and `portals_showing` tell the page cache which portals a write to an article changes
(pagecache.changes.scoped).
"""

from dataclasses import dataclass, field

from django.core.cache import caches
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When

from pagecache.fragments import FRAGMENT_SECONDS
from portals.models import Portal

from .models import Article, ArticleShare, Section, SectionShare


@dataclass(frozen=True)
class Placement:
    portal_id: int
    # The portal's own sections. Named as literal ids, not as a subquery on the sections: PostgreSQL then
    # estimates the share of the archive they hold and reads a list newest-first from the date index, instead of
    # joining the sections first and sorting every article (the archive page: 550 ms at 100,000 articles).
    own_sections: tuple[int, ...] = ()
    # A section of this portal -> the sections of other portals whose articles appear in it (rules).
    rule_sources: dict[int, tuple[int, ...]] = field(default_factory=dict)
    # Sections of this portal that articles are shared into one by one; None: shared without a section.
    shared_into: frozenset = frozenset()

    @property
    def receives_shares(self) -> bool:
        return bool(self.rule_sources or self.shared_into)

    def sources(self) -> list[int]:
        return sorted({source for sources in self.rule_sources.values() for source in sources})

    def _shares(self, section_id=None, *, any_section: bool = True):
        shares = ArticleShare.objects.filter(portal_id=self.portal_id)
        return shares if any_section else shares.filter(section_id=section_id)

    def shared_condition(self) -> Q:
        """Articles of other portals shown here (by rule or one by one)."""
        condition = Q(pk__in=[])
        if self.rule_sources:
            condition |= Q(section_id__in=self.sources())
        if self.shared_into:
            condition |= Q(pk__in=self._shares().values("article_id"))
        return condition

    def shown_condition(self) -> Q:
        """Everything this portal shows: its sections' articles and the shared ones."""
        own = Q(section_id__in=self.own_sections)
        return own | self.shared_condition() if self.receives_shares else own

    def section_condition(self, section_id: int) -> Q:
        """What the page of this portal's section lists: its articles and those shared into it."""
        condition = Q(section_id=section_id)
        if sources := self.rule_sources.get(section_id):
            condition |= Q(section_id__in=sources)
        if section_id in self.shared_into:
            condition |= Q(pk__in=self._shares(section_id, any_section=False).values("article_id"))
        return condition

    def shown_section(self, section_ids) -> F | Case:
        """The section of this portal an article is listed under (for the home page's blocks)."""
        if not self.receives_shares:
            return F("section_id")
        whens = [When(section_id__in=list(section_ids), then=F("section_id"))]
        whens += [
            When(section_id__in=sources, then=Value(target)) for target, sources in sorted(self.rule_sources.items())
        ]
        shared = self._shares().filter(article_id=OuterRef("pk")).order_by().values("section_id")[:1]
        return Case(*whens, default=Subquery(shared), output_field=IntegerField())


OWN = -1  # in load_placement's union: a section of the portal itself
SHARE = 0  # a section shares go into (no rule)


def load_placement(portal_id: int) -> Placement:
    """One query: the portal's sections, the rules into them and the sections shares go into."""
    own = Section.objects.filter(portal_id=portal_id).order_by().values_list("pk", Value(OWN, IntegerField()))
    rules = SectionShare.objects.filter(target__portal_id=portal_id).order_by().values_list("target_id", "source_id")
    shares = (
        ArticleShare.objects.filter(portal_id=portal_id)
        .order_by()
        .values_list("section_id", Value(SHARE, output_field=IntegerField()))
        .distinct()
    )
    own_sections, sources, shared_into = [], {}, set()
    for target, source in own.union(rules, shares):
        if source == OWN:
            own_sections.append(target)
        elif source == SHARE:
            shared_into.add(target)
        else:
            sources.setdefault(target, []).append(source)
    return Placement(
        portal_id,
        tuple(sorted(own_sections)),
        {target: tuple(sorted(found)) for target, found in sources.items()},
        frozenset(shared_into),
    )


def placement_of(portal: Portal) -> Placement:
    """The portal's placement: kept on the portal object for its request and, under the portal's content
    generation (set by the portals' middleware), in the fragments cache; else read."""
    known = portal.__dict__.get("_placement")
    if known is None:
        token = getattr(portal, "content_generation", None)
        if token:
            cache, key = caches["fragments"], f"placement:{token}"
            known = cache.get(key)
            if known is None:
                known = load_placement(portal.pk)
                cache.set(key, known, FRAGMENT_SECONDS)
        else:
            known = load_placement(portal.pk)
        portal.__dict__["_placement"] = known
    return known


# --- which portals a write changes ---------------------------------------------------------------------------


def _showing(articles, section_ids) -> list:
    """Queries of the portals that show `articles` (a QuerySet of articles) living in `section_ids`."""
    return [
        Section.objects.filter(pk__in=section_ids).order_by().values_list("portal_id", flat=True),
        SectionShare.objects.filter(source__in=section_ids).order_by().values_list("target__portal_id", flat=True),
        ArticleShare.objects.filter(article__in=articles).order_by().values_list("portal_id", flat=True),
    ]


def portals_showing(article: Article) -> set[int]:
    """The portals on which the stored, published article appears (none while it is not published). One query."""
    if article.pk is None:
        return set()
    stored = Article.objects.filter(pk=article.pk, status=Article.Status.PUBLISHED)
    first, *rest = _showing(stored, stored.values("section_id"))
    return set(first.union(*rest))


def affected_portals(article: Article) -> set[int]:
    """The portals whose pages a save of `article` changes: those that show it as stored, if it was published,
    and those that will show it, if it will be. One query; none for a draft that stays a draft."""
    parts = []
    if article.pk is not None:
        stored = Article.objects.filter(pk=article.pk, status=Article.Status.PUBLISHED)
        parts += _showing(stored, stored.values("section_id"))
    if article.status == Article.Status.PUBLISHED and article.section_id is not None:
        parts += _showing(Article.objects.filter(pk=article.pk), [article.section_id])
    if not parts:
        return set()
    first, *rest = parts
    return set(first.union(*rest))


def shown_elsewhere(article: Article) -> bool:
    """Whether the article appears on portals besides its home (one by one or by a rule): its pictures then need
    the rights scope "andere Portale und Partner" (images/rights.py). One query."""
    if article.section_id is None:
        return False
    by_rule = SectionShare.objects.filter(source_id=article.section_id)
    if article.pk is None:
        return by_rule.exists()
    return by_rule.exists() or ArticleShare.objects.filter(article_id=article.pk).exists()
