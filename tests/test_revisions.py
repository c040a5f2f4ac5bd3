import pytest
from django.urls import reverse

from articles import publishing, revisions
from articles.models import Article, Revision
from tests.factories import AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_diff_marks_the_words_that_changed():
    old = {
        "headline": "Rutte meets Trump",
        "body": "<p>One.</p><p>Two words.</p>",
        "tags": ["NATO"],
    }
    new = {
        "headline": "Rutte meets Zelensky",
        "body": "<p>One.</p><p>Two new words.</p>",
        "tags": ["NATO", "Kyiv"],
    }

    changes = dict(revisions.diff(old, new))

    assert set(changes) == {"Headline", "Body", "Tags"}
    assert changes["Headline"] == [
        ("Rutte meets <del>Trump</del>", "Rutte meets <ins>Zelensky</ins>", True)
    ]
    assert changes["Body"] == [
        ("One.", "One.", False),
        ("Two words.", "Two <ins>new</ins> words.", True),
    ]


def test_diff_escapes_text_that_looks_like_markup():
    changes = dict(revisions.diff({"headline": "a"}, {"headline": "<script>x</script>"}))

    assert "<script>" not in changes["Headline"][0][1]
    assert "&lt;script&gt;" in changes["Headline"][0][1]


def test_restore_round_trip(editor, admin_client):
    first_author, second_author = AuthorFactory(slug="ann"), AuthorFactory(slug="bo")
    article = Article(
        headline="Original headline", body="<p>Original text.</p>", section=SectionFactory()
    )
    publishing.save_article(article, by=editor, tags=["NATO"], bylines=[first_author])
    article.headline = "Changed headline"
    article.body = "<p>Changed text.</p>"
    publishing.save_article(article, by=editor, tags=["Kyiv"], bylines=[second_author])

    response = admin_client.post(reverse("admin:articles_article_restore", args=[article.pk, 1]))

    assert response.status_code == 302
    restored = Article.objects.with_related().get(pk=article.pk)
    assert restored.headline == "Original headline"
    assert restored.body == "<p>Original text.</p>"
    assert [tag.name for tag in restored.tags.all()] == ["NATO"]
    assert restored.byline_authors == [first_author]
    latest = Revision.objects.for_article(article).first()
    assert (latest.number, latest.note) == (3, "Restored revision 1")
    assert latest.content == Revision.objects.get(article=article, number=1).content
