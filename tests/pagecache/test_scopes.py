"""Scoped content generations (pagecache.changes.scoped): watched writes inside a scoped block raise the counters of
its scopes, inside the writer's transaction; every other watched write raises the global one; the page cache reads
both numbers of a request's scope in one query."""

import pytest
from django.db import connection, transaction

from articles.models import Section
from pagecache.changes import current_generation, current_generations, scoped, token
from tests.factories import SectionFactory

pytestmark = pytest.mark.django_db


# The writes below are to sections: one statement each (on PostgreSQL an article's QuerySet.update is two, its
# search vector follows, and raises twice).
def numbers(*scopes) -> list[tuple[int, int]]:
    return [current_generations(scope) for scope in scopes]


def test_a_scoped_write_raises_its_scopes_only():
    section = SectionFactory()
    before = numbers(7, 8, 9)
    with scoped({7, 8}):
        Section.objects.filter(pk=section.pk).update(description="Neu")
    (g7, s7), (_g8, s8), (_g9, s9) = numbers(7, 8, 9)
    assert g7 == before[0][0] and (s7, s8, s9) == (before[0][1] + 1, before[1][1] + 1, before[2][1])


def test_the_innermost_block_counts_and_an_empty_one_raises_nothing():
    section = SectionFactory()
    before = numbers(7, 8)
    with scoped({7}), scoped({8}):
        Section.objects.filter(pk=section.pk).update(description="Neu")
    assert numbers(7, 8) == [before[0], (before[1][0], before[1][1] + 1)]
    with scoped(()):
        Section.objects.filter(pk=section.pk).update(description="Noch einmal")
    assert numbers(7, 8) == [before[0], (before[1][0], before[1][1] + 1)]


def test_writes_outside_a_block_raise_the_global_number():
    section = SectionFactory()
    before = current_generation()
    with scoped({7}):
        pass
    Section.objects.filter(pk=section.pk).update(description="Neu")
    assert current_generation() == before + 1


def test_a_scoped_raise_rolls_back_with_the_write():
    section = SectionFactory()
    before = numbers(0, 7)
    with pytest.raises(RuntimeError), transaction.atomic(), scoped({7}):
        Section.objects.filter(pk=section.pk).update(description="Nie")
        raise RuntimeError
    assert numbers(0, 7) == before


def test_the_token_names_the_scope_and_both_numbers():
    assert token(3, (41, 255, 5, 16)) == "3:41.ff.5.10" and token(3, None) is None
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert current_generations(123456789) == (current_generation(), 0)
