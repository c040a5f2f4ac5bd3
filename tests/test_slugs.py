import pytest
from django.core.exceptions import ValidationError

from articles.models import Section
from articles.slugs import make_slug, validate_section_slug
from tests.factories import ArticleFactory


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        (
            "NATO Chief Mark Rutte Confirms Ukraine’s Membership",
            "nato-chief-mark-rutte-confirms-ukraines-membership",
        ),
        ("Зеленський зустрівся з Рютте", "зеленський-зустрівся-з-рютте"),
        ("Prix de l’énergie : €5 milliards", "prix-de-lénergie-5-milliards"),
        ("日本の経済", "日本の経済"),
        ("!!! ??? …", "article"),
    ],
)
def test_slugs_keep_letters_of_every_script(text, slug):
    assert make_slug(text) == slug


def test_long_slugs_are_cut_at_a_word_boundary():
    slug = make_slug("word " * 40, max_length=23)

    assert slug == "word-word-word-word"


@pytest.mark.django_db
def test_article_slugs_are_unique():
    first = ArticleFactory(headline="Same headline")
    second = ArticleFactory(headline="Same headline")
    third = ArticleFactory(headline="Same headline")

    assert (first.slug, second.slug, third.slug) == (
        "same-headline",
        "same-headline-2",
        "same-headline-3",
    )


@pytest.mark.django_db
def test_cyrillic_article_page_resolves(client):
    article = ArticleFactory(headline="Україна і НАТО")

    response = client.get(article.get_absolute_url())

    assert article.slug == "україна-і-нато"
    assert response.status_code == 200


def test_sections_cannot_take_the_sites_own_paths():
    with pytest.raises(ValidationError, match="used by the site itself"):
        validate_section_slug("admin")


@pytest.mark.django_db
def test_section_slug_is_made_from_its_name():
    assert Section.objects.create(name="Світ і політика").slug == "світ-і-політика"
