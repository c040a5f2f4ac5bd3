"""Hostile input in a real browser: after the XSS payloads went in through every input path,
no page runs any of them. The pages load with the Content-Security-Policy switched off, so
that escaping and the sanitizer alone must hold: a payload that ran would set
window.__pwned or open a dialog."""

import pytest
from django.test import override_settings

from tests.api.conftest import Api, token_for
from tests.conftest import logged_in
from tests.hostile import plant

pytestmark = pytest.mark.django_db(transaction=True)

# In the page: every element and attribute that could run script once clicked or submitted
# (handlers, javascript:/vbscript:/data: addresses, srcdoc), as the browser parsed them.
FIND_EXECUTABLE = """() => {
    const found = [];
    const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster"];
    for (const element of document.querySelectorAll("*")) {
        for (const attribute of element.attributes) {
            const name = attribute.name.toLowerCase();
            if (name.startsWith("on") || name === "srcdoc") {
                found.push(`${element.tagName} ${name}`);
            } else if (urlAttributes.includes(name)) {
                let protocol = "";
                try { protocol = new URL(attribute.value, document.baseURI).protocol; } catch {}
                if (["javascript:", "vbscript:", "data:"].includes(protocol)) {
                    found.push(`${element.tagName} ${name}=${attribute.value.slice(0, 60)}`);
                }
            }
        }
        if (["IFRAME", "OBJECT", "EMBED", "BASE"].includes(element.tagName)) {
            found.push(element.tagName);
        }
    }
    return found;
}"""
UNTHROTTLED = {"anonymous": "100000/minute", "token": "100000/minute"}


@pytest.fixture
def planted(live_server, writer, editor, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": UNTHROTTLED}
    return plant(
        editor_client=logged_in(editor),
        writer_api=Api(token_for(writer)),
        editor_api=Api(token_for(editor)),
    )


def log_in(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "eddie-editor")
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


@override_settings(SECURE_CSP={})
def test_no_page_runs_a_payload(live_server, browser, planted):
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, live_server)

    from_admin, from_importer, from_api = (
        planted["articles"][0],
        planted["articles"][len(planted["sections"])],
        planted["articles"][-1],
    )
    paths = [
        "/",
        from_admin.get_absolute_url(),
        from_importer.get_absolute_url(),
        from_api.get_absolute_url(),
        planted["sections"][2].get_absolute_url(),
        planted["authors"][2].get_absolute_url(),
        "/tags/hostile/",
        "/search/?q=homoglyph",
        "/search/?q=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E",
        "/api/v1/articles/?format=api",
        f"/api/v1/articles/{from_api.pk}/?format=api&expand=section,bylines",
        "/api/v1/tags/?format=api",
        "/api/v1/articles/?format=api&fields=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
        "/admin/",
        "/admin/articles/article/",
        f"/admin/articles/article/{from_admin.pk}/change/",
        f"/admin/articles/article/{from_api.pk}/change/",
        f"/admin/articles/article/{from_admin.pk}/history/",
        f"/admin/articles/article/{from_admin.pk}/history/compare/",
        f"/admin/articles/article/{from_admin.pk}/preview/",
        "/admin/articles/section/",
        "/admin/articles/author/",
        f"/admin/articles/author/{planted['authors'][2].pk}/change/",
        "/admin/taggit/tag/",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        if "/article/" in path and path.endswith("/change/"):
            page.wait_for_selector(".tiptap.ProseMirror")  # the editor has loaded the body
        page.wait_for_timeout(50)  # handlers such as onfocus and ontoggle fire after load
        assert page.evaluate("window.__pwned") is None, path
        assert dialogs == [], path
        assert page.evaluate(FIND_EXECUTABLE) == [], path
    # The payloads did reach the pages, as text.
    page.goto(live_server.url + from_admin.get_absolute_url())
    assert "window.__pwned=1" in page.inner_text("h1")
    context.close()
