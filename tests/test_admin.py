import pytest
from django.urls import reverse

from articles.models import Article, Section
from tests.factories import ArticleFactory, AuthorFactory, draft

pytestmark = pytest.mark.django_db


def article_form(section, **overrides):
    data = {
        "headline": "Rutte meets Zelensky",
        "slug": "",
        "standfirst": "The NATO chief visited Kyiv.",
        "body": "<p>Text.</p>",
        "section": section.pk,
        "tags": ["NATO", "Kyiv"],
        "language": "en",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "meta_description": "",
        "lead_image_alt": "",
        "lead_image_caption": "",
        "lead_image_credit": "",
        "external_id": "",
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "bylines-0-author": "",
        "bylines-0-position": "0",
        "preview_links-TOTAL_FORMS": "0",
        "preview_links-INITIAL_FORMS": "0",
        "preview_links-MIN_NUM_FORMS": "0",
        "preview_links-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "url",
    [
        "admin:articles_article_changelist",
        "admin:articles_article_add",
        "admin:articles_section_changelist",
        "admin:articles_author_changelist",
        "admin:taggit_tag_changelist",
    ],
)
def test_admin_pages_open(admin_client, article, url):
    assert admin_client.get(reverse(url)).status_code == 200


def test_article_change_page_has_view_on_site_and_tag_autocomplete(admin_client, article):
    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    page = response.content.decode()

    assert response.status_code == 200
    assert "View on site" in page
    assert 'class="admin-tag-autocomplete"' in page
    assert '<option value="NATO" selected>NATO</option>' in page
    assert "articles/admin/tag-autocomplete.js" in page


def test_changelist_search_and_filters(admin_client, article, section):
    other = draft(headline="Budget vote", section=section)
    changelist = reverse("admin:articles_article_changelist")

    by_search = admin_client.get(changelist, {"q": "Budget"})
    by_status = admin_client.get(changelist, {"status__exact": "draft"})
    by_tag = admin_client.get(changelist, {"tag": "nato"})
    by_section = admin_client.get(changelist, {"section__id__exact": section.pk})

    assert list(by_search.context["cl"].result_list) == [other]
    assert list(by_status.context["cl"].result_list) == [other]
    assert list(by_tag.context["cl"].result_list) == [article]
    assert set(by_section.context["cl"].result_list) == {article, other}


def test_changelist_runs_a_constant_number_of_queries(
    admin_client, section, django_assert_max_num_queries
):
    changelist = reverse("admin:articles_article_changelist")
    ArticleFactory(section=section, authors=[AuthorFactory()], tags=["a"])
    with django_assert_max_num_queries(20) as first:
        admin_client.get(changelist)

    for _ in range(10):
        ArticleFactory(section=section, authors=[AuthorFactory(), AuthorFactory()], tags=["b"])
    with django_assert_max_num_queries(len(first)):
        admin_client.get(changelist)


def test_tag_suggestions_find_existing_tags(admin_client, article):
    response = admin_client.get(reverse("admin:articles_article_tag_suggestions"), {"term": "nat"})

    assert response.json()["results"] == [{"id": "NATO", "text": "NATO"}]


def test_tag_suggestions_need_article_permissions(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw", is_staff=True)
    client.force_login(user)

    response = client.get(reverse("admin:articles_article_tag_suggestions"), {"term": "n"})

    assert response.status_code == 403


@pytest.mark.parametrize("model", ["section", "author"])
def test_autocomplete_is_available_for_sections_and_authors(admin_client, article, model):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "article" if model == "section" else "byline",
            "field_name": model,
            "term": "",
        },
    )

    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_creating_an_article_in_the_admin_sanitizes_tags_and_credits(admin_client, section):
    author = AuthorFactory(name="Ann Smith")
    hostile = (
        '<p onmouseover="alert(1)">Text <script>alert("x")</script>'
        '<a href="javascript:alert(1)">link</a><span style="color:red">red</span></p>'
    )

    response = admin_client.post(
        reverse("admin:articles_article_add"),
        article_form(section, body=hostile, **{"bylines-0-author": author.pk}),
    )

    assert response.status_code == 302, response.context["errors"] if response.context else response
    article = Article.objects.with_related().get()
    assert article.body == '<p>Text <a rel="noopener noreferrer">link</a>red</p>'
    assert article.slug == "rutte-meets-zelensky"
    assert sorted(tag.name for tag in article.tags.all()) == ["Kyiv", "NATO"]
    assert article.byline_authors == [author]
    assert article.status == Article.Status.DRAFT


def test_publishing_from_the_admin_goes_through_the_workflow(admin_client, section):
    admin_client.post(
        reverse("admin:articles_article_add"), article_form(section, _workflow="publish")
    )

    article = Article.objects.get()
    assert article.is_published()
    assert article.first_published_at == article.published_at
    assert article.updated_at == article.published_at


def test_sections_with_reserved_slugs_are_refused(admin_client):
    response = admin_client.post(
        reverse("admin:articles_section_add"),
        {"name": "Admin", "slug": "admin", "description": "", "position": 0, "in_navigation": "on"},
    )

    assert response.status_code == 200
    assert "used by the site itself" in response.content.decode()
    assert not Section.objects.exists()


def test_date_hierarchy_offers_years_then_months_without_scanning(admin_client, section):
    from datetime import UTC, datetime

    for when in (datetime(2023, 5, 1, tzinfo=UTC), datetime(2025, 2, 3, tzinfo=UTC)):
        ArticleFactory(section=section, published_at=when)
    changelist = reverse("admin:articles_article_changelist")

    years = admin_client.get(changelist).content.decode()
    months = admin_client.get(changelist, {"published_at__year": 2025}).content.decode()
    one_month = admin_client.get(changelist, {"published_at__year": 2025, "published_at__month": 2})

    assert all(f"?published_at__year={year}" in years for year in (2023, 2024, 2025))
    assert "?published_at__month=2&amp;published_at__year=2025" in months
    assert "published_at__month=1" not in months  # nothing in January 2025
    assert "published_at__month=3" not in months  # nor after February
    assert len(one_month.context["cl"].result_list) == 1


def test_changelist_search_uses_the_full_text_index_for_every_state(admin_client, section):
    published = ArticleFactory(section=section, body="<p>The ceasefire held overnight.</p>")
    unpublished = draft(section=section, body="<p>Ceasefire talks resume.</p>")
    draft(section=section, body="<p>Nothing relevant.</p>", external_id="wire:123")
    changelist = reverse("admin:articles_article_changelist")

    by_word = admin_client.get(changelist, {"q": "ceasefire"})
    by_import_id = admin_client.get(changelist, {"q": "wire:123"})
    by_slug = admin_client.get(changelist, {"q": published.slug})

    assert set(by_word.context["cl"].result_list) == {published, unpublished}
    assert [a.external_id for a in by_import_id.context["cl"].result_list] == ["wire:123"]
    assert list(by_slug.context["cl"].result_list) == [published]


def test_changelist_search_stops_counting_at_its_limit(admin_client, section, monkeypatch):
    from articles.admin import articles as article_admin

    monkeypatch.setattr(article_admin, "SEARCH_COUNT_LIMIT", 2)
    monkeypatch.setattr(article_admin.ArticleAdmin, "list_per_page", 1)
    for _ in range(3):
        ArticleFactory(section=section, body="<p>The ceasefire held.</p>")
    ArticleFactory(section=section, body="<p>A truce was agreed.</p>")
    changelist = reverse("admin:articles_article_changelist")

    first = admin_client.get(changelist, {"q": "ceasefire"})
    last = admin_client.get(changelist, {"q": "ceasefire", "p": 3})
    few = admin_client.get(changelist, {"q": "truce"})

    assert len(first.context["cl"].result_list) == 1
    assert "More than 2 articles" in first.content.decode()
    assert len(last.context["cl"].result_list) == 1  # a later page counts far enough
    assert "3 articles" in last.content.decode()
    assert "1 article" in few.content.decode()
    assert "More than" not in few.content.decode()


@pytest.mark.parametrize("common_tag_uses", [1, 5_000])
def test_tag_filter_lists_the_tags_articles_however_common(
    admin_client, section, monkeypatch, common_tag_uses
):
    from articles.admin import articles as article_admin

    monkeypatch.setattr(article_admin, "COMMON_TAG_USES", common_tag_uses)
    tagged = [ArticleFactory(section=section) for _ in range(2)]
    for article in tagged:
        article.tags.add("Ceasefire")
    ArticleFactory(section=section).tags.add("Elections")

    response = admin_client.get(reverse("admin:articles_article_changelist"), {"tag": "ceasefire"})

    assert set(response.context["cl"].result_list) == set(tagged)
