"""The Content-Security-Policy is enforced, and every screen still works under it: the admin
with its rich-text editor and autocompletes, the reader's site, the browsable API and the API
docs. Any violation the browser reports fails the test."""

from unittest import mock

import pytest
from django.db import OperationalError

from articles import publishing
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Registered before any page script runs (through the browser, so the policy does not apply).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def watched(new_page):
    """A page that records CSP violations (events and console reports) and uncaught script
    errors (a script the policy stopped half-way)."""

    def make():
        page = new_page()
        page.add_init_script(RECORD_VIOLATIONS)
        page.problems = []
        page.on(
            "console",
            lambda message: (
                page.problems.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
        return page

    return make


def assert_no_violations(page, where):
    violations = page.evaluate("window.__cspViolations") or []
    assert violations == [], f"{where}: {violations}"
    assert page.problems == [], f"{where}: {page.problems}"


@pytest.fixture
def site(section, author, editor):
    article = ArticleFactory(
        section=section, tags=["NATO", "Ukraine"], authors=[author], created_by=editor
    )
    article.body = "<p>First version.</p>"
    publishing.save_article(article, by=editor)
    SectionFactory(name="Politics", slug="politics")
    AuthorFactory(name="Amara Okafor", slug="amara-okafor")
    return article


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def test_every_response_carries_the_policy(client, site):
    for url in ["/", site.get_absolute_url(), "/api/v1/articles/", "/admin/login/"]:
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy, url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        assert "frame-ancestors 'none'" in policy, url


def test_the_admin_and_its_editor_work_under_the_policy(live_server, watched, site, editor):
    page = watched()
    log_in(page, live_server, "eddie-editor")
    assert_no_violations(page, "login and dashboard")

    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.wait_for_selector(".tiptap.ProseMirror[contenteditable=true]")
    # The section autocomplete (select2) finds sections as you type.
    page.click("#id_section + .select2")
    page.fill(".select2-container--open .select2-search__field", "Pol")
    page.click(".select2-results__option >> text=Politics")
    # The tag autocomplete suggests existing tags.
    page.fill("#id_tags + .select2 .select2-search__field", "NA")
    page.click(".select2-results__option >> text=NATO")
    assert_no_violations(page, "article form")

    for path in [
        "/admin/articles/article/",
        f"/admin/articles/article/{site.pk}/change/",
        f"/admin/articles/article/{site.pk}/history/",
        f"/admin/articles/article/{site.pk}/history/compare/",
        f"/admin/articles/article/{site.pk}/preview/",
        "/admin/articles/article/import/",
        "/admin/articles/section/add/",
        "/admin/articles/author/add/",
        "/admin/taggit/tag/",
        "/admin/taggit/tag/add/",
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert_no_violations(page, path)


def test_superuser_screens_work_under_the_policy(live_server, watched, site, admin_user):
    page = watched()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    for path in [
        "/admin/articles/apitoken/add/",
        "/admin/articles/webhooksubscription/add/",
        "/admin/auth/user/",
        f"/admin/auth/user/{admin_user.pk}/change/",
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert_no_violations(page, path)


def test_the_reader_site_works_under_the_policy(live_server, watched, site):
    page = watched()
    for path in ["/", site.get_absolute_url(), "/tags/nato/", "/search/?q=headline", "/nowhere/"]:
        page.goto(live_server.url + path)
        assert_no_violations(page, path)


def test_the_browsable_api_and_the_docs_work_under_the_policy(live_server, watched, site):
    page = watched()
    page.goto(f"{live_server.url}/api/v1/articles/?format=api")
    assert site.headline in page.inner_text(".response-info")
    # Bootstrap's dropdowns (jQuery) respond: the filters dialog opens.
    page.click("button[data-target='#filtersModal']")
    page.wait_for_selector("#filtersModal", state="visible")
    assert_no_violations(page, "browsable API")

    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Newsroom API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-tag")
    assert_no_violations(page, "API docs")


def test_the_outage_page_keeps_its_style_under_the_policy(live_server, watched, site):
    page = watched()
    with mock.patch("articles.views.FrontPageView.get", side_effect=OperationalError("down")):
        response = page.goto(f"{live_server.url}/")

    assert response.status == 503
    assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none"
    assert_no_violations(page, "503 page")
