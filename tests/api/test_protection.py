"""Throttling, CORS for reads, and the request size limit."""

import io
import json

import pytest

from articles.api.base import LimitedJSONParser
from articles.api.problems import PayloadTooLarge
from tests.api.conftest import Api, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    def set_rates(**rates):
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}

    return set_rates


def test_anonymous_callers_are_throttled_per_address(anonymous_api, rates, editor):
    rates(anonymous="3/minute", token="100/minute")

    statuses = [anonymous_api.get("/api/v1/sections/").status_code for _ in range(4)]
    limited = anonymous_api.get("/api/v1/sections/")

    assert statuses == [200, 200, 200, 429]
    assert limited["Content-Type"] == "application/problem+json"
    assert int(limited["Retry-After"]) > 0
    # A token has its own allowance.
    assert Api(token_for(editor)).get("/api/v1/sections/").status_code == 200


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(anonymous_api, rates):
    rates(anonymous="2/minute")

    statuses = [
        anonymous_api.get(
            "/api/v1/sections/", headers={"X-Forwarded-For": f"203.0.113.{n}"}
        ).status_code
        for n in range(3)
    ]

    assert statuses == [200, 200, 429]


def test_each_token_is_throttled_on_its_own(rates, editor, writer):
    rates(anonymous="100/minute", token="2/minute")
    editor_api, writer_api = Api(token_for(editor)), Api(token_for(writer))

    assert [editor_api.get("/api/v1/sections/").status_code for _ in range(3)] == [200, 200, 429]
    assert writer_api.get("/api/v1/sections/").status_code == 200


def test_cors_lets_configured_origins_read(client, settings, article):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

    read = client.get("/api/v1/articles/", headers={"Origin": "https://app.example.com"})
    other = client.get("/api/v1/articles/", headers={"Origin": "https://evil.example.com"})
    preflight = client.options(
        "/api/v1/articles/",
        headers={
            "Origin": "https://app.example.com",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )

    assert read["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert "ETag" in read["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Origin" not in other
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]


def test_cors_is_for_the_api_only(client, settings, article):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

    page = client.get(article.get_absolute_url(), headers={"Origin": "https://app.example.com"})

    assert "Access-Control-Allow-Origin" not in page


def test_a_body_over_the_limit_is_a_413_problem(writer_api, settings, section):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = writer_api.post(
        "/api/v1/articles/", {"headline": "Big", "section": "world", "body": "x" * 2000}
    )

    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert "at most 1000 bytes" in response.json()["detail"]


def test_the_parser_counts_what_it_reads_whatever_content_length_says(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    parser = LimitedJSONParser()

    assert parser.parse(io.BytesIO(b'{"a": 1}')) == {"a": 1}
    with pytest.raises(PayloadTooLarge):
        parser.parse(io.BytesIO(json.dumps({"body": "x" * 2000}).encode()))
