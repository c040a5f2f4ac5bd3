"""The editorial workflow: who may do what, what each action records, and what it refuses."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from articles import publishing
from articles.models import Article, ArticleRedirect, Revision, WorkflowEvent
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, draft

pytestmark = pytest.mark.django_db
Status = Article.Status


def new_draft(user, **kwargs):
    article = Article(headline="A new story", section=SectionFactory(), **kwargs)
    return publishing.save_article(article, by=user)


def in_review(user):
    article = new_draft(user)
    publishing.submit_for_review(article, by=user)
    return article


ACTIONS = {
    "edit own draft": lambda user, owner: publishing.save_article(new_draft(owner), by=user),
    "submit own draft": lambda user, owner: publishing.submit_for_review(new_draft(owner), by=user),
    "publish": lambda user, owner: publishing.publish(in_review(owner), by=user),
    "withdraw": lambda user, owner: publishing.withdraw(ArticleFactory(), by=user),
    "return to draft": lambda user, owner: publishing.return_to_draft(
        in_review(owner), by=user, comment="Needs a second source."
    ),
    "correct": lambda user, owner: publishing.correct(ArticleFactory(), by=user, text="Fixed."),
    "embargo": lambda user, owner: publishing.set_embargo(ArticleFactory(), by=user, until=None),
    "expiry": lambda user, owner: publishing.set_expiry(ArticleFactory(), by=user, at=None),
}
ALLOWED = {
    "writer": {"edit own draft", "submit own draft"},
    "editor": set(ACTIONS),
    "anonymous": set(),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ALLOWED)
def test_permission_matrix(role, action, writer, editor):
    user = {"writer": writer, "editor": editor, "anonymous": AnonymousUser()}[role]
    # Drafts are owned by the acting user (the system creates them for anonymous).
    owner = user if role != "anonymous" else None

    if action in ALLOWED[role]:
        ACTIONS[action](user, owner)
    else:
        with pytest.raises(PermissionDenied):
            ACTIONS[action](user, owner)


def test_writers_edit_only_their_own_drafts(writer, other_writer, editor):
    theirs = new_draft(other_writer)
    mine = new_draft(writer)
    publishing.submit_for_review(mine, by=writer)

    with pytest.raises(PermissionDenied):
        publishing.save_article(theirs, by=writer)
    with pytest.raises(PermissionDenied, match="may not edit"):
        publishing.save_article(mine, by=writer)  # in review now: the editors' turn
    publishing.save_article(mine, by=editor)


def test_writers_cannot_schedule(writer):
    article = new_draft(writer)
    article.embargo_until = article.created_at

    with pytest.raises(PermissionDenied, match="Only editors"):
        publishing.save_article(article, by=writer)


def test_status_changes_only_through_actions(editor):
    article = new_draft(editor)
    article.status = Status.PUBLISHED

    with pytest.raises(publishing.WorkflowError, match="with an action"):
        publishing.save_article(article, by=editor)


def test_full_workflow_is_recorded_in_the_audit_log(writer, editor):
    article = new_draft(writer)
    publishing.submit_for_review(article, by=writer, comment="Ready.")
    publishing.return_to_draft(article, by=editor, comment="Needs a second source.")
    publishing.submit_for_review(article, by=writer)
    publishing.publish(article, by=editor)
    publishing.withdraw(article, by=editor, comment="Legal asked.")

    events = list(
        WorkflowEvent.objects.filter(article=article)
        .order_by("at", "pk")
        .values_list("actor__username", "action", "from_status", "to_status", "comment")
    )
    assert events == [
        ("wanda-writer", "submit", "draft", "in_review", "Ready."),
        ("eddie-editor", "return_to_draft", "in_review", "draft", "Needs a second source."),
        ("wanda-writer", "submit", "draft", "in_review", ""),
        ("eddie-editor", "publish", "in_review", "published", ""),
        ("eddie-editor", "withdraw", "published", "withdrawn", "Legal asked."),
    ]
    assert article.status == Status.WITHDRAWN
    assert Article.objects.get(pk=article.pk).status == Status.WITHDRAWN


@pytest.mark.parametrize(
    ("make", "action", "message"),
    [
        (lambda: ArticleFactory(), "publish", "does not apply to an article that is published"),
        (lambda: draft(), "withdraw", "does not apply to an article that is draft"),
        (lambda: draft(), "return_to_draft", "does not apply"),
    ],
)
def test_actions_that_do_not_apply_are_refused(editor, make, action, message):
    article = make()
    function = getattr(publishing, action)
    kwargs = {"comment": "x"} if action == "return_to_draft" else {}

    with pytest.raises(publishing.WorkflowError, match=message):
        function(article, by=editor, **kwargs)


def test_sending_back_to_draft_needs_a_comment(editor, writer):
    with pytest.raises(publishing.WorkflowError, match="Say why"):
        publishing.return_to_draft(in_review(writer), by=editor, comment=" ")


def test_allowed_actions_offer_only_what_the_user_may_do(writer, editor):
    article = new_draft(writer)

    assert publishing.allowed_actions(writer, article) == ["submit"]
    assert publishing.allowed_actions(editor, article) == ["submit", "publish"]
    publishing.publish(article, by=editor)
    assert publishing.allowed_actions(writer, article) == []
    assert publishing.allowed_actions(editor, article) == ["withdraw", "return_to_draft", "correct"]


def test_a_correction_is_shown_and_moves_the_updated_time(client, editor, article):
    before = article.updated_at

    correction = publishing.correct(article, by=editor, text="An earlier version misspelt Rutte.")

    article.refresh_from_db()
    assert article.updated_at == correction.created_at > before
    page = client.get(article.get_absolute_url()).content.decode()
    assert "An earlier version misspelt Rutte." in page
    assert "Corrections and updates" in page


def test_drafts_take_no_corrections(editor):
    with pytest.raises(publishing.WorkflowError, match="Only published articles"):
        publishing.correct(draft(), by=editor, text="x")


def test_every_save_keeps_a_revision_with_tags_and_bylines(editor):
    author = AuthorFactory(slug="ann")
    article = Article(headline="First", section=SectionFactory(slug="world"))
    publishing.save_article(article, by=editor, tags=["NATO"], bylines=[author])
    article.headline = "Second"
    publishing.save_article(article, by=editor, tags=["NATO", "Kyiv"])

    first, second = Revision.objects.filter(article=article).order_by("number")
    assert (first.number, first.content["headline"], first.content["tags"]) == (
        1,
        "First",
        ["NATO"],
    )
    assert first.content["bylines"] == ["ann"]
    assert first.created_by == editor
    assert (second.number, second.content["headline"], second.content["tags"]) == (
        2,
        "Second",
        ["Kyiv", "NATO"],
    )


def test_a_stale_save_is_refused_and_kept_so_nothing_is_lost(editor, writer):
    article = new_draft(editor)
    theirs = Article.objects.get(pk=article.pk)
    mine = Article.objects.get(pk=article.pk)
    theirs.headline = "Their headline"
    publishing.save_article(theirs, by=editor, expected_version=theirs.version)

    mine.headline = "My headline"
    with pytest.raises(
        publishing.EditConflict, match="Someone else saved this article"
    ) as conflict:
        publishing.save_article(mine, by=editor, expected_version=mine.version)

    assert Article.objects.get(pk=article.pk).headline == "Their headline"
    kept = conflict.value.revision
    assert kept.is_conflict and kept.content["headline"] == "My headline"
    assert Revision.objects.filter(article=article, is_conflict=True).count() == 1


def test_moved_published_article_answers_301_from_every_old_address(client, editor):
    article = ArticleFactory(section=SectionFactory(slug="world"), headline="Original")
    article.first_published_at = article.published_at
    article.save()
    first_url = article.get_absolute_url()

    article.slug = "renamed"
    publishing.save_article(article, by=editor)
    second_url = article.get_absolute_url()
    article.section = SectionFactory(slug="europe")
    publishing.save_article(article, by=editor)

    final_url = article.get_absolute_url()
    assert final_url == "/europe/renamed/"
    for old in (first_url, second_url):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == final_url  # chains collapse to one hop
    assert client.get(final_url).status_code == 200


def test_moving_back_to_an_old_address_removes_its_redirect(editor):
    article = ArticleFactory(headline="Original")
    article.first_published_at = article.published_at
    article.save()
    original = article.get_absolute_url()

    article.slug = "renamed"
    publishing.save_article(article, by=editor)
    article.slug = "original"
    publishing.save_article(article, by=editor)

    assert article.get_absolute_url() == original
    assert list(ArticleRedirect.objects.values_list("old_path", flat=True)) == [
        original.replace("original", "renamed")
    ]


def test_never_published_drafts_leave_no_redirects(editor):
    article = new_draft(editor)
    article.slug = "another"
    publishing.save_article(article, by=editor)

    assert not ArticleRedirect.objects.exists()
