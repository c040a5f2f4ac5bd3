"""Every page type: valid HTML (Nu HTML Checker), no axe-core violations at WCAG 2.1 AA,
no horizontal scrolling from 320 px up, dark and print styles, nothing from other hosts.
Screenshots at phone and desktop width go to var/screenshots/ for a person to look at."""

import json
import subprocess
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.views.defaults import server_error

from .conftest import WIDTHS

PAGE_TYPES = [
    "front-page",
    "section",
    "article",
    "article-with-image",
    "tag",
    "author",
    "archive",
    "archive-year",
    "archive-month",
    "search",
    "not-found",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_every_page_type_is_valid_html(reader_site, vnu, tmp_path, rf):
    client = Client()
    files = []
    for name, url in reader_site.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not-found" else 200), url
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    files.append(tmp_path / "server-error.html")
    files[-1].write_bytes(server_error(rf.get("/")).content)

    result = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]

    errors = [
        f"{urlsplit(m.get('url', '')).path.rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
    ]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_is_accessible_responsive_and_self_contained(
    name, reader_site, open_page, axe_script, screenshots
):
    for label, width in WIDTHS.items():
        page = open_page(reader_site[name], width=width)
        page.wait_for_load_state("load")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
        page.screenshot(path=screenshots / f"{name}-{label}.png", full_page=True)
        assert page.foreign_requests == []

    violations = axe_violations(page, axe_script)
    assert not violations, "\n".join(violations)


def axe_violations(page, axe_script):
    # Evaluated through the browser's protocol: a <script> tag would be refused by the site's
    # Content-Security-Policy, as it should be.
    page.evaluate(axe_script.read_text())
    result = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_21_AA}},
    )
    return [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("name", ["front-page", "article-with-image", "search"])
def test_dark_scheme_follows_the_system_setting(
    name, reader_site, open_page, axe_script, screenshots
):
    light = open_page(reader_site[name])
    dark = open_page(reader_site[name], color_scheme="dark")
    dark.screenshot(path=screenshots / f"{name}-dark.png", full_page=True)

    def background(page):
        return page.evaluate("getComputedStyle(document.body).backgroundColor")

    assert background(light) == "rgb(255, 255, 255)"
    assert background(dark) != background(light)
    violations = axe_violations(dark, axe_script)
    assert not violations, "\n".join(violations)


def test_print_stylesheet_keeps_the_article_and_drops_navigation(
    reader_site, open_page, screenshots
):
    page = open_page(reader_site["article-with-image"])
    page.emulate_media(media="print")

    def shown(selector):
        return page.evaluate(f"getComputedStyle(document.querySelector('{selector}')).display")

    assert shown(".sections") == "none"
    assert shown(".site-search") == "none"
    assert shown(".site-footer") == "none"
    assert shown(".article-body") != "none"
    page.screenshot(path=screenshots / "article-print.png", full_page=True)


def test_the_site_works_without_javascript(reader_site, open_page):
    page = open_page("/", java_script_enabled=False)

    page.get_by_role("searchbox", name="Search articles").fill("rutte")
    page.get_by_role("button", name="Search").first.click()
    page.wait_for_url("**/search/?q=rutte")

    assert page.locator(".results .card").count() == 1
    page.locator(".results .card-headline a").click()
    assert page.locator("h1").inner_text().startswith("NATO Chief Mark Rutte")
