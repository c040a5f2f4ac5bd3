"""The seed article is a product: every new install shows it, complete."""

import html
import json
import os
import sqlite3
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article
from articles.seeding import FIXTURE_PATH, SEEDS_DIR, import_seeds, read_manifest, serialize_seed

pytestmark = pytest.mark.django_db

SEED_FILE = SEEDS_DIR / "000_91cb02791afa4ef3.txt"


@pytest.fixture
def seed_article(db):
    call_command("loaddata", FIXTURE_PATH, verbosity=0)
    return Article.objects.with_related().get()


def test_fixture_matches_what_the_importer_makes_of_seeds():
    built = serialize_seed(import_seeds())

    assert json.loads(built) == json.loads(FIXTURE_PATH.read_text(encoding="utf-8")), (
        "fixtures/seed.json has drifted from seeds/; run `make fixture` and commit the result."
    )


def test_every_seed_file_is_in_the_manifest():
    listed = {entry["file"] for entry in read_manifest()}

    assert listed == {path.name for path in SEEDS_DIR.glob("*.txt")}


def test_fixture_loads_a_published_article_with_section_tags_and_byline(seed_article):
    assert seed_article.is_published()
    assert seed_article.section.name == "World"
    assert {"NATO", "Ukraine"} <= {tag.name for tag in seed_article.tags.all()}
    assert [author.name for author in seed_article.byline_authors] == ["Newsroom Staff"]


def test_seed_article_page_shows_every_line_with_subheadings_as_headings(seed_article, client):
    response = client.get(seed_article.get_absolute_url())
    page = html.unescape(response.content.decode())

    assert response.status_code == 200
    lines = [
        line.strip() for line in SEED_FILE.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    for line in lines:
        assert line in page
    assert f"<h1>{lines[0]}</h1>" in page
    for subheading in (
        "Security Guarantees to Be Discussed After Peace Deal",
        "NATO’s Role in Peace Negotiations",
        "Conclusion: A New Phase in NATO’s Engagement with Ukraine",
    ):
        assert f"<h2>{subheading}</h2>" in page


def test_seed_article_is_on_the_front_page(seed_article, client):
    response = client.get("/")

    assert seed_article.headline in html.unescape(response.content.decode())


def test_load_seed_fills_an_empty_database_once():
    out = StringIO()
    call_command("load_seed", stdout=out)
    call_command("load_seed", stdout=out)

    assert Article.objects.count() == 1
    assert "Loaded the seed: 1 article(s)." in out.getvalue()
    assert "already has articles; the seed was not loaded" in out.getvalue()


def test_loading_the_fixture_twice_does_not_duplicate(seed_article):
    call_command("loaddata", FIXTURE_PATH, verbosity=0)

    assert Article.objects.count() == 1
    assert seed_article.tags.count() == 6


def test_build_seed_fixture_check_passes_on_the_committed_fixture(tmp_path):
    """Run as a user would: a separate process whose scratch database leaves theirs alone."""
    database = tmp_path / "yours.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "build_seed_fixture", "--check"],
        cwd=FIXTURE_PATH.parent.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "matches seeds/" in result.stdout
    if database.exists():
        with sqlite3.connect(database) as connection:
            tables = connection.execute("SELECT name FROM sqlite_master").fetchall()
        assert tables == []
