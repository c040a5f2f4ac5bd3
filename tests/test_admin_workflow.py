"""The workflow as editors and writers meet it in the admin."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles import publishing
from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory, draft
from tests.test_admin import article_form

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def own_draft(user, **kwargs):
    article = Article(headline="Budget row", section=SectionFactory(), **kwargs)
    return publishing.save_article(article, by=user)


def form_data(article, **overrides):
    data = article_form(
        article.section,
        headline=article.headline,
        slug=article.slug,
        expected_version=article.version,
        tags=[],
    )
    data.update(overrides)
    return data


def buttons(response):
    return [name for name, _label in response.context["workflow_actions"]]


def test_writer_is_offered_only_submit(writer_client, writer):
    assert buttons(writer_client.get(reverse("admin:articles_article_add"))) == ["submit"]
    assert buttons(writer_client.get(change_url(own_draft(writer)))) == ["submit"]


def test_editor_is_offered_the_editorial_actions(editor_client, writer):
    article = own_draft(writer)
    publishing.submit_for_review(article, by=writer)

    assert buttons(editor_client.get(change_url(article))) == ["publish", "return_to_draft"]


def test_writer_sees_scheduling_fields_read_only(writer_client, writer):
    response = writer_client.get(change_url(own_draft(writer)))

    assert "embargo_until" not in response.context["adminform"].form.fields
    assert "published_at" not in response.context["adminform"].form.fields


def test_writer_cannot_change_someone_elses_draft(writer_client, other_writer):
    theirs = own_draft(other_writer)

    page = writer_client.get(change_url(theirs))
    post = writer_client.post(change_url(theirs), form_data(theirs, headline="Hijacked"))

    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert post.status_code == 403
    assert Article.objects.get(pk=theirs.pk).headline == "Budget row"


def test_writer_submits_and_editor_publishes_with_the_buttons(writer_client, editor_client, writer):
    article = own_draft(writer)

    writer_client.post(change_url(article), form_data(article, _workflow="submit"))
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW

    editor_client.post(change_url(article), form_data(article, _workflow="publish"))
    article.refresh_from_db()
    assert article.is_published()


def test_a_forged_publish_button_from_a_writer_does_nothing(writer_client, writer):
    article = own_draft(writer)

    response = writer_client.post(
        change_url(article), form_data(article, _workflow="publish"), follow=True
    )

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert any("not done" in str(message) for message in response.context["messages"])


def test_editor_sends_back_to_draft_with_a_note(editor_client, writer):
    article = own_draft(writer)
    publishing.submit_for_review(article, by=writer)

    editor_client.post(
        change_url(article),
        form_data(article, _workflow="return_to_draft", workflow_comment="Needs a second source."),
    )

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.events.first().comment == "Needs a second source."


def test_editor_appends_a_correction(editor_client, section):
    article = ArticleFactory(section=section)

    editor_client.post(
        change_url(article),
        form_data(
            article,
            _workflow="correct",
            correction_text="The vote was 52-48.",
            correction_kind="correction",
        ),
    )

    assert article.corrections.get().text == "The vote was 52-48."


def test_concurrent_edit_is_shown_and_loses_nothing(editor_client, admin_client, editor):
    article = own_draft(editor)
    opened_version = article.version
    admin_client.post(change_url(article), form_data(article, headline="Their headline"))

    response = editor_client.post(
        change_url(article),
        form_data(article, headline="My headline", expected_version=opened_version),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this article while you were editing it" in page
    assert 'value="My headline"' in page  # the form still holds my text
    assert Article.objects.get(pk=article.pk).headline == "Their headline"

    resubmitted = response.context["adminform"].form.data.copy()
    assert int(resubmitted["expected_version"]) == opened_version + 1
    editor_client.post(change_url(article), resubmitted)
    assert Article.objects.get(pk=article.pk).headline == "My headline"


def test_bulk_publish_is_only_for_editors(writer_client, editor_client, section):
    changelist = reverse("admin:articles_article_changelist")
    writer_actions = writer_client.get(changelist).context["action_form"].fields["action"].choices
    assert "publish_selected" not in dict(writer_actions)

    drafts = [draft(section=section) for _ in range(2)]
    live = ArticleFactory(section=section)
    response = editor_client.post(
        changelist,
        {"action": "publish_selected", "_selected_action": [a.pk for a in [*drafts, live]]},
        follow=True,
    )

    assert all(Article.objects.get(pk=a.pk).is_published() for a in drafts)
    messages = [str(message) for message in response.context["messages"]]
    assert "2 article(s) done." in messages
    assert any("Not done" in message and live.headline in message for message in messages)
    assert [event.actor.username for event in drafts[0].events.all()] == ["eddie-editor"]


def test_history_lists_revisions_and_the_audit_log(editor_client, editor):
    article = own_draft(editor)
    article.headline = "Budget row deepens"
    publishing.save_article(article, by=editor)
    publishing.publish(article, by=editor, comment="Cleared by legal.")

    history = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    compare = editor_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]) + "?a=1&b=2"
    )

    page = history.content.decode()
    assert [revision.number for revision in history.context["revisions"]] == [2, 1]
    assert "Cleared by legal." in page
    assert "Budget row <ins>deepens</ins>" in compare.content.decode()


def test_dashboard_shows_the_newsroom_at_a_glance(editor_client, editor, writer, section):
    review = own_draft(writer)
    publishing.submit_for_review(review, by=writer)
    soon = ArticleFactory(
        section=section,
        published_at=timezone.now() + timedelta(days=2),
        headline="Tomorrow's story",
    )
    ArticleFactory(
        section=section,
        published_at=timezone.now() + timedelta(days=9),
        headline="Next month's story",
    )
    published = ArticleFactory(section=section, headline="Out already")
    mine = own_draft(editor)

    response = editor_client.get(reverse("admin:index"))
    page = response.content.decode()

    assert list(response.context["awaiting_review"]) == [review]
    assert list(response.context["scheduled"]) == [soon]
    assert list(response.context["recently_published"]) == [published]
    assert list(response.context["my_drafts"]) == [mine]
    assert response.context["chart"]["total"] == 1
    assert "<svg" in page and "Published in the last 30 days: 1" in page


def test_uploading_files_makes_drafts_and_reports_bad_files(writer_client, writer):
    files = [
        SimpleUploadedFile("budget.txt", b"Budget row\nThe cabinet split.\nMore detail."),
        SimpleUploadedFile("rates.txt", b"Rates rise\nThe bank moved."),
        SimpleUploadedFile("broken.txt", b"\xff\xfe\x00\x00junk"),
    ]

    response = writer_client.post(
        reverse("admin:articles_article_upload"), {"files": files}, follow=True
    )

    imported = Article.objects.order_by("headline")
    assert [(a.headline, a.status, a.created_by) for a in imported] == [
        ("Budget row", "draft", writer),
        ("Rates rise", "draft", writer),
    ]
    messages = [str(message) for message in response.context["messages"]]
    assert any(message.startswith("broken.txt was not imported: it") for message in messages)
