"""Articles as IPTC ninjs 3.1, validated against IPTC's schema with format checks on."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, draft

pytestmark = pytest.mark.django_db

STANDARDS = Path(__file__).resolve().parents[1] / "standards" / "ninjs"


@pytest.fixture(scope="module")
def validator():
    if not STANDARDS.exists():
        pytest.fail(f"The ninjs schema is not at {STANDARDS} (tests/standards/ninjs).")
    schema = json.loads((STANDARDS / "ninjs-schema_3.1.json").read_text())
    geojson = json.loads((STANDARDS / "GeoJSON-schema.json").read_text())
    # The ninjs schema refers to GeoJSON by URL; serve it locally so nothing is fetched.
    registry = Registry().with_resource(
        "https://geojson.org/schema/GeoJSON.json", Resource.from_contents(geojson)
    )
    return Draft202012Validator(
        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def errors(validator, item):
    return [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(item)]


def test_the_validator_checks_formats(validator):
    assert errors(validator, {"uri": "not a uri"})
    assert errors(validator, {"uri": "http://x/1", "versionCreated": "yesterday"})
    assert errors(validator, {"uri": "http://x/1", "unknown": 1})
    for example in STANDARDS.glob("example_3.1_*.json"):
        assert errors(validator, json.loads(example.read_text())) == [], example.name


@pytest.fixture
def rich_article(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    section = SectionFactory(name="Світ", slug="світ")
    gif = (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00"
        b"\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )
    return ArticleFactory(
        section=section,
        headline="Україна і НАТО",
        slug="україна-і-нато",
        language="uk",
        meta_description="For search engines.",
        tags=["НАТО", "Kyiv"],
        authors=[AuthorFactory(name="Olena K", slug="олена"), AuthorFactory(name="Taras S")],
        external_id="wire-7",
        lead_image=SimpleUploadedFile("lead.gif", gif, content_type="image/gif"),
        lead_image_alt="A map",
        lead_image_caption="The map.",
        embargo_until=timezone.now() - timedelta(minutes=1),
        expires_at=timezone.now() + timedelta(days=30),
        first_published_at=timezone.now() - timedelta(hours=1),
    )


def test_an_article_maps_to_valid_ninjs(anonymous_api, validator, rich_article):
    response = anonymous_api.get(f"/api/v1/articles/{rich_article.pk}/?format=ninjs")
    item = response.json()

    assert response.status_code == 200
    assert response["Content-Type"] == "application/ninjs+json"
    assert errors(validator, item) == []
    assert item["uri"] == f"http://testserver/api/v1/articles/{rich_article.pk}/"
    assert item["type"] == "text"
    assert item["version"] == "1"
    assert item["pubStatus"] == "usable"
    assert item["language"] == "uk"
    assert item["headlines"] == [
        {"role": "main", "contentType": "text/plain", "value": "Україна і НАТО"}
    ]
    assert item["bodies"][0]["value"] == rich_article.body
    assert item["bodies"][0]["contentType"] == "text/html"
    assert [d["role"] for d in item["descriptions"]] == ["summary", "seo", "caption"]
    assert item["by"] == "Olena K and Taras S"
    assert [person["name"] for person in item["people"]] == ["Olena K", "Taras S"]
    assert [(s["rel"], s["name"]) for s in item["subjects"]] == [
        ("section", "Світ"),
        ("tag", "Kyiv"),
        ("tag", "НАТО"),
    ]
    # IRIs become URIs: the Cyrillic slug is percent-encoded.
    web, image = item["renditions"]
    assert web["href"].startswith("http://testserver/%D1%81%D0%B2%D1%96%D1%82/")
    assert (image["name"], image["contentType"], image["width"]) == ("lead-image", "image/gif", 1)
    assert {"role": "external-id", "value": "wire-7"} in item["altIds"]
    assert "embargoedUntil" in item and "expires" in item


@pytest.mark.parametrize(
    ("state", "pub_status"),
    [
        ("published", "usable"),
        ("draft", "withheld"),
        ("withdrawn", "canceled"),
        ("embargoed", "usable"),
    ],
)
def test_pub_status_follows_the_workflow(editor_api, validator, section, state, pub_status):
    if state == "draft":
        article = draft(section=section)
    elif state == "embargoed":
        article = ArticleFactory(section=section, embargo_until=timezone.now() + timedelta(hours=1))
    else:
        article = ArticleFactory(section=section, status=Article.Status(state))

    item = editor_api.get(f"/api/v1/articles/{article.pk}/?format=ninjs").json()

    assert item["pubStatus"] == pub_status
    assert errors(validator, item) == []


def test_lists_and_other_lookups_speak_ninjs_too(anonymous_api, validator, article):
    listed = anonymous_api.get("/api/v1/articles/?format=ninjs").json()
    by_slug = anonymous_api.get(f"/api/v1/articles/by-slug/{article.slug}/?format=ninjs").json()
    negotiated = anonymous_api.get(
        f"/api/v1/articles/{article.pk}/", headers={"Accept": "application/ninjs+json"}
    )

    assert listed["count"] == 1
    assert all(errors(validator, item) == [] for item in listed["results"])
    assert by_slug["uri"] == listed["results"][0]["uri"]
    assert negotiated.json()["uri"] == by_slug["uri"]
