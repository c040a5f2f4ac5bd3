import pytest

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
