"""Where a library image is used. The image library names no app that shows images: each such app registers a
`UsageSource` in its `apps.py` (articles: lead images; others: static pages, portraits, newsletters …), and the
image admin asks all of them for "Verwendet in", the usage column and the delete protection."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Usage:
    image_id: int
    title: str  # what uses it, e.g. the headline
    how: str  # e.g. "Aufmacherbild"
    state: str  # e.g. "Veröffentlicht"
    change_url: str  # where an editor changes the user
    # Readers see it, now or at a planned time: the image must not be deleted.
    public: bool


class UsageSource:
    """One kind of place that shows library images."""

    def usages(self, image_ids: list[int]) -> Iterable[Usage]:
        raise NotImplementedError

    def summary(self, image_id: int, count: int) -> tuple[str, str]:
        """(text, address) for the image list's usage column, e.g. ("verwendet in 2 Beiträgen", list URL)."""
        raise NotImplementedError

    def forget(self, image_ids: list[int]) -> None:
        """The licences of these images have ended: delete the files this source keeps that show them (cached
        PDFs, say). Called by images.services.remove_ended_pictures; most sources keep no files."""


_sources: list[UsageSource] = []


def register_usage(source: UsageSource) -> None:
    if all(type(known) is not type(source) for known in _sources):
        _sources.append(source)


def usages_by_image(image_ids: Iterable[int]) -> dict[int, list[tuple[UsageSource, Usage]]]:
    """Every usage of the images with `image_ids`, with its source; one query or so per source."""
    ids = list(image_ids)
    found = defaultdict(list)
    if ids:
        for source in _sources:
            for usage in source.usages(ids):
                found[usage.image_id].append((source, usage))
    return found


def forget_everywhere(image_ids: list[int]) -> None:
    for source in _sources:
        source.forget(image_ids)


def usages_of(image_id: int) -> list[Usage]:
    return [usage for _source, usage in usages_by_image([image_id]).get(image_id, [])]


def summaries(usages: list[tuple[UsageSource, Usage]]) -> list[tuple[str, str]]:
    """The usage column's entries for one image: per source (text, address)."""
    counts: dict[UsageSource, int] = defaultdict(int)
    for source, _usage in usages:
        counts[source] += 1
    return [source.summary(usages[0][1].image_id, count) for source, count in counts.items()]
