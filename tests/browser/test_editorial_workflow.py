"""A story's way from a writer's keyboard to a reader's screen, in a real browser."""

import pytest

from articles.models import Article
from tests.factories import SectionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def test_writer_writes_editor_publishes_reader_reads(live_server, new_page, writer, editor):
    SectionFactory(name="Politics", slug="politics")

    writer_page = new_page()
    log_in(writer_page, live_server, "wanda-writer")
    writer_page.goto(f"{live_server.url}/admin/articles/article/add/")
    writer_page.fill("#id_headline", "Parliament passes the budget")
    writer_page.fill("#id_standfirst", "A late-night vote ended weeks of talks.")
    # The section field is the admin's autocomplete (select2).
    writer_page.click("#id_section + .select2")
    writer_page.fill(".select2-search__field", "Pol")
    writer_page.click(".select2-results__option >> text=Politics")
    # The body is the rich-text editor: a sub-heading, then a paragraph with bold text.
    editor_area = writer_page.locator(".tiptap.ProseMirror[contenteditable=true]")
    editor_area.click()
    writer_page.keyboard.type("How the vote went")
    writer_page.keyboard.press("Control+Alt+2")
    writer_page.keyboard.press("Enter")
    writer_page.keyboard.type("Members voted 312 to 290 after a ")
    writer_page.keyboard.press("Control+b")
    writer_page.keyboard.type("marathon")
    writer_page.keyboard.press("Control+b")
    writer_page.keyboard.type(" debate.")
    writer_page.click("button[name=_workflow][value=submit]")
    writer_page.wait_for_selector(".messagelist .success")
    assert "submitted for review" in writer_page.inner_text(".messagelist")

    article = Article.objects.get()
    assert article.status == Article.Status.IN_REVIEW
    assert article.created_by == writer
    assert "<h2>How the vote went</h2>" in article.body
    assert "<strong>marathon</strong>" in article.body

    editor_page = new_page()
    log_in(editor_page, live_server, "eddie-editor")
    assert "Parliament passes the budget" in editor_page.inner_text(".newsroom-dashboard")
    editor_page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    editor_page.click("button[name=_workflow][value=publish]")
    editor_page.wait_for_selector(".messagelist .success")

    reader_page = new_page(java_script_enabled=False)
    reader_page.goto(f"{live_server.url}/")
    reader_page.click("text=Parliament passes the budget")
    assert reader_page.inner_text("h1") == "Parliament passes the budget"
    assert reader_page.inner_text(".article-body h2") == "How the vote went"
    assert "312 to 290" in reader_page.inner_text(".article-body")
