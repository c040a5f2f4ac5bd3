"""The OpenAPI schema is valid with warnings as errors; the docs need no other host."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_schema_validates_with_warnings_as_errors(tmp_path):
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(tmp_path / "schema.yaml"),
        stderr=StringIO(),
    )

    schema = (tmp_path / "schema.yaml").read_text()
    assert schema.startswith("openapi: 3.0.3")
    for path in ["/api/v1/articles/changes/", "/api/v1/articles/{id}/publish/", "/api/v1/tags/"]:
        assert f"  {path}:" in schema


def test_the_schema_is_served_as_json_and_yaml(anonymous_api):
    as_json = anonymous_api.get("/api/v1/schema/?format=json")
    as_yaml = anonymous_api.get(
        "/api/v1/schema/", headers={"Accept": "application/vnd.oai.openapi"}
    )

    assert as_json.status_code == as_yaml.status_code == 200
    schema = as_json.json()
    assert schema["components"]["securitySchemes"]["token"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token from the admin or `manage.py create_api_token`.",
    }
    problem = schema["paths"]["/api/v1/articles/{id}/"]["patch"]["responses"]["412"]
    assert "application/problem+json" in problem["content"]


def test_interactive_docs_load_only_our_own_static_files(client):
    page = client.get("/api/v1/docs/").content.decode()

    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in a for a in assets)
    assert all(asset.startswith("/") for asset in assets), assets
    assert "cdn" not in page.lower()
    assert "/api/v1/schema/" in page
