import pytest
from django.core.cache import caches

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory


@pytest.fixture
def section(db):
    return SectionFactory(name="World", slug="world")


@pytest.fixture
def author(db):
    return AuthorFactory(name="Olena Kovalenko", slug="olena-kovalenko")


@pytest.fixture
def article(section, author):
    return ArticleFactory(section=section, tags=["NATO", "Ukraine"], authors=[author])


@pytest.fixture(autouse=True)
def empty_caches():
    """Cached pages must not leak from one test into the next."""
    for cache in caches.all(initialized_only=True):
        cache.clear()
