"""Nothing is lost: interrupted imports, protected deletes, and backups that restore."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from articles import importing, publishing
from articles.models import Article
from articles.sanitize import html_to_text
from tests.factories import ArticleFactory, AuthorFactory

PROJECT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_an_import_interrupted_midway_keeps_whole_articles_and_a_rerun_completes_it(tmp_path):
    for number in range(10):
        (tmp_path / f"{number}.txt").write_text(f"Story {number}\nIntro {number}.\nMore {number}.")
    real_import_file = importing.import_file
    calls = 0

    def crash_on_the_sixth(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls == 6:
            raise KeyboardInterrupt  # the operator pressed Ctrl-C, or the machine went down
        return real_import_file(*args, **kwargs)

    with (
        mock.patch.object(importing, "import_file", crash_on_the_sixth),
        pytest.raises(KeyboardInterrupt),
    ):
        importing.import_articles([tmp_path])

    assert Article.objects.count() == 5
    assert all(article.body for article in Article.objects.all())
    report = importing.import_articles([tmp_path])
    assert (report.counts["created"], report.counts["unchanged"]) == (5, 5)
    assert Article.objects.count() == 10


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["section", "author"])
def test_deleting_a_section_or_author_in_use_is_refused(admin_client, article, author, model):
    target = article.section if model == "section" else author

    response = admin_client.post(
        reverse(f"admin:articles_{model}_delete", args=[target.pk]), {"post": "yes"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "would require deleting the following protected related objects" in page
    assert type(target).objects.filter(pk=target.pk).exists()
    assert Article.objects.filter(pk=article.pk).exists()


def make_content(editor):
    author = AuthorFactory(name="Ann Smith")
    article = ArticleFactory(headline="Backed up story", tags=["NATO", "Kyiv"], authors=[author])
    article.headline = "Backed up story, revised"
    publishing.save_article(article, by=editor)
    return article


def content_of(database_alias_connection):
    with database_alias_connection.cursor() as cursor:
        cursor.execute("SELECT headline FROM articles_article")
        headlines = sorted(row[0] for row in cursor.fetchall())
        cursor.execute("SELECT COUNT(*) FROM articles_revision")
        revisions = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM articles_taggedarticle")
        tags = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM articles_byline")
        bylines = cursor.fetchone()[0]
    return headlines, revisions, tags, bylines


@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_and_restore_round_trip(tmp_path, editor):
    if connection.vendor != "sqlite":
        pytest.skip("This suite runs on PostgreSQL; the PostgreSQL round trip covers it.")
    source = tmp_path / "db.sqlite3"
    backup = tmp_path / "backup.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{source}",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_DEBUG": "1",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=PROJECT, env=env, check=True)
    subprocess.run([*manage, "load_seed", "-v0"], cwd=PROJECT, env=env, check=True)
    live = sqlite3.connect(source)
    # The search index's triggers call this function, which Newsroom's connections provide.
    live.create_function("newsroom_html_text", 1, html_to_text)
    live.execute("UPDATE articles_article SET headline = headline || ' (edited)'")
    live.commit()
    live.close()

    # The documented backup: `manage.py backup_database`, safe while the site runs.
    subprocess.run([*manage, "backup_database", str(backup)], cwd=PROJECT, env=env, check=True)
    live = sqlite3.connect(source)
    live.execute("DELETE FROM articles_taggedarticle")
    live.execute("DELETE FROM articles_byline")
    live.execute("DELETE FROM articles_article")
    live.commit()
    live.close()
    # The documented restore, with the site stopped.
    subprocess.run(
        [*manage, "restore_database", str(backup), "--yes"], cwd=PROJECT, env=env, check=True
    )

    with sqlite3.connect(source) as restored:
        headlines = [row[0] for row in restored.execute("SELECT headline FROM articles_article")]
        tags = restored.execute("SELECT COUNT(*) FROM articles_taggedarticle").fetchone()[0]
        bylines = restored.execute("SELECT COUNT(*) FROM articles_byline").fetchone()[0]
    assert headlines == [
        "NATO Chief Mark Rutte Confirms Ukraine’s Membership Is No Longer on the Agenda (edited)"
    ]
    assert (tags, bylines) == (6, 1)


@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_and_restore_round_trip(tmp_path, editor):
    if connection.vendor != "postgresql":
        pytest.skip("This suite runs on SQLite; the SQLite round trip covers it.")
    make_content(editor)
    before = content_of(connection)
    dump = tmp_path / "newsroom.dump"

    call_command("backup_database", str(dump), verbosity=0)
    Article.objects.all().delete()
    assert content_of(connection)[0] == []
    call_command("restore_database", str(dump), yes=True, verbosity=0)

    assert content_of(connection) == before
    assert before[1] > 0


@pytest.mark.django_db
def test_restoring_something_that_is_not_a_backup_is_refused(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("The file check is SQLite's; pg_restore checks its own input.")
    article = ArticleFactory()
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")

    with pytest.raises(CommandError, match="is not a Newsroom SQLite backup"):
        call_command("restore_database", str(bogus), yes=True)
    assert Article.objects.get() == article  # the live database was not touched
