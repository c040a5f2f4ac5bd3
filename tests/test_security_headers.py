"""Security headers and cookie flags under the production settings (DJANGO_DEBUG=false), on
every kind of response: pages, feeds, the API, the admin, errors."""

import re

import pytest
from django.test import Client

from tests.test_production import run_python

pytestmark = pytest.mark.django_db

URLS = [
    "/",
    "/feeds/rss/",
    "/sitemap.xml",
    "/api/v1/articles/",
    "/api/v1/docs/",
    "/admin/login/",
    "/no-such-page/",
]


def policy(response):
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("url", URLS)
def test_every_response_carries_the_security_headers(client, article, url):
    response = client.get(url, secure=True)

    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]


@pytest.mark.parametrize("url", URLS)
def test_no_script_runs_unless_it_is_a_file_of_this_site_or_carries_the_nonce(client, article, url):
    csp = policy(client.get(url))

    assert csp["script-src"][0] == "'self'"
    assert all(source.startswith("'nonce-") for source in csp["script-src"][1:])
    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in csp.get(directive, [])
        assert "'unsafe-eval'" not in csp.get(directive, [])
    assert "*" not in " ".join(csp["img-src"])


def test_the_nonce_is_new_for_every_response_and_marks_the_admins_scripts(admin_client):
    first = admin_client.get("/admin/articles/article/add/")
    second = admin_client.get("/admin/articles/article/add/")

    nonce = next(s for s in policy(first)["script-src"] if s.startswith("'nonce-"))[7:-1]
    assert nonce not in second["Content-Security-Policy"]
    page = first.content.decode()
    # The rich-text editor's import map (an inline script) runs only because of the nonce.
    assert f'<script type="importmap" nonce="{nonce}">' in page
    editor_script = re.search(r"<script[^>]*django_prose_editor/editor\.js[^>]*>", page).group()
    assert f'nonce="{nonce}"' in editor_script


def test_cached_public_pages_never_carry_a_stale_nonce(client, article):
    """Public pages come from the page cache: they need no nonce, so none goes stale."""
    for _ in range(2):
        response = client.get(article.get_absolute_url())
        assert "nonce-" not in response["Content-Security-Policy"]
        assert "nonce=" not in response.content.decode()


def test_login_cookies_are_secure_httponly_and_samesite(editor):
    client = Client()
    client.get("/admin/login/")
    response = client.post(
        "/admin/login/",
        {
            "username": "eddie-editor",
            "password": "pw",
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )

    assert response.status_code == 302
    for name in ("sessionid", "csrftoken"):
        cookie = response.cookies[name]
        assert cookie["secure"], name
        assert cookie["httponly"], name
        assert cookie["samesite"] == "Lax", name


def test_production_settings_enforce_the_policy():
    result = run_python(
        "from django.conf import settings as s; "
        "print('django.middleware.csp.ContentSecurityPolicyMiddleware' in s.MIDDLEWARE, "
        "'newsroom.security.PermissionsPolicyMiddleware' in s.MIDDLEWARE, "
        "bool(s.SECURE_CSP), not s.SECURE_CSP_REPORT_ONLY, s.CSRF_COOKIE_HTTPONLY)"
    )

    assert result.stdout.split() == ["True"] * 5, result.stderr
