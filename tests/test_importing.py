from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from articles import importing
from articles.models import Article, Author, Section
from tests.factories import SectionFactory

pytestmark = pytest.mark.django_db


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path):
    """A small newsroom export: two section folders, a stray LICENSE and a hidden file."""
    write(
        tmp_path / "business" / "shell-payoff.txt",
        "Shell payoff\n\nShell is to pay $1m.\n\nMore detail.\n",
    )
    write(
        tmp_path / "business" / "euro-rates.txt",
        "Euro rates rise\nThe € rose.\nMarkets React\nTraders cheered.",
    )
    write(tmp_path / "sport" / "cup-final.txt", "Cup final\nA great game.")
    write(tmp_path / "LICENSE", "MIT")
    write(tmp_path / "sport" / ".draft.txt", "Hidden\nNot imported.")
    return tmp_path


def run(*args, **options):
    out, err = StringIO(), StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_folder_import_files_articles_in_sections_named_by_their_folders(corpus):
    out, _ = run(corpus)

    assert "3 created, 0 updated, 0 unchanged, 0 failed" in out
    assert sorted(Section.objects.values_list("name", "slug")) == [
        ("Business", "business"),
        ("Sport", "sport"),
    ]
    euro = Article.objects.get(headline="Euro rates rise")
    assert euro.section.slug == "business"
    assert euro.standfirst == "The € rose."
    assert euro.body == "<h2>Markets React</h2>\n<p>Traders cheered.</p>"
    assert euro.status == Article.Status.DRAFT
    assert euro.external_id == "file:business/euro-rates.txt"


def test_reimporting_the_same_files_does_not_duplicate(corpus):
    run(corpus)
    out, _ = run(corpus)

    assert "0 created, 0 updated, 3 unchanged, 0 failed" in out
    assert Article.objects.count() == 3


def test_reimporting_an_edited_file_updates_its_article_and_keeps_editorial_choices(corpus):
    run(corpus)
    article = Article.objects.get(headline="Cup final")
    article.section = SectionFactory(name="Football", slug="football")
    article.save()
    write(
        corpus / "sport" / "cup-final.txt", "Cup final: late drama\nA great game.\nA late winner."
    )

    out, _ = run(corpus)

    article.refresh_from_db()
    assert "0 created, 1 updated, 2 unchanged" in out
    assert article.headline == "Cup final: late drama"
    assert article.body == "<p>A late winner.</p>"
    assert article.section.slug == "football"
    assert article.slug == "cup-final"


def test_options_set_section_tags_bylines_and_status(corpus):
    run(
        corpus / "sport" / "cup-final.txt",
        section="Football",
        tag=["Cup, Final", "Wembley"],
        byline=["Ann Smith", "Bo Li"],
        status="published",
        published_at="2025-05-17T15:00:00Z",
    )

    article = Article.objects.with_related().get()
    assert article.section.name == "Football"
    assert sorted(tag.name for tag in article.tags.all()) == ["Cup", "Final", "Wembley"]
    assert [author.name for author in article.byline_authors] == ["Ann Smith", "Bo Li"]
    assert article.is_published()
    assert article.published_at.isoformat() == "2025-05-17T15:00:00+00:00"
    assert article.first_published_at == article.published_at


def test_single_files_without_a_section_go_to_news(corpus):
    run(corpus / "sport" / "cup-final.txt")

    assert Article.objects.get().section.name == "News"


def test_existing_authors_and_sections_are_reused(corpus):
    Author.objects.create(name="Ann Smith")
    SectionFactory(name="Business", slug="business")

    run(corpus, byline=["ann smith"])

    assert Author.objects.count() == 1
    assert Section.objects.count() == 2


def test_bad_files_are_reported_with_reasons_and_the_rest_still_imports(corpus):
    write(corpus / "business" / "empty.txt", "")
    write(corpus / "business" / "headline-only.txt", "Just a headline\n")
    write(corpus / "business" / "windows.txt", b"Caf\xe9 prices\nUp again.")

    err = StringIO()

    with pytest.raises(CommandError, match=r"3 created, 0 updated, 0 unchanged, 3 failed"):
        call_command("import_articles", str(corpus), stdout=StringIO(), stderr=err)

    assert Article.objects.count() == 3
    messages = err.getvalue()
    assert "empty.txt: is empty" in messages
    assert "headline-only.txt: has a headline but no text below it" in messages
    assert "windows.txt: is not UTF-8 text: byte 0xe9 on line 1" in messages


def test_a_missing_path_is_reported(tmp_path):
    err = StringIO()
    with pytest.raises(CommandError, match="1 failed"):
        call_command("import_articles", str(tmp_path / "nope"), stdout=StringIO(), stderr=err)

    assert "nope: does not exist" in err.getvalue()


def test_a_file_that_fails_midway_leaves_nothing_behind(corpus):
    with mock.patch.object(Article, "tags") as tags:
        tags.set.side_effect = RuntimeError("database went away")
        report = importing.import_articles([corpus / "sport"], tags=["Cup"])

    assert report.counts["failed"] == 1
    assert "could not be saved: database went away" in report.failures[0].error
    assert not Article.objects.exists()
    assert not Section.objects.exists()


def test_dry_run_saves_nothing(corpus):
    out, _ = run(corpus, dry_run=True)

    assert "Dry run, nothing saved: would have 3 created" in out
    assert not Article.objects.exists()
    assert not Section.objects.exists()


def test_large_imports_show_progress(tmp_path):
    for number in range(260):
        write(tmp_path / "news" / f"{number}.txt", f"Story {number}\nText {number}.")

    out, _ = run(tmp_path)

    assert "250/260 files (96%)" in out
    assert "260/260 files (100%)" in out
    assert "260 created" in out


def test_verbose_import_lists_every_file(corpus):
    out, _ = run(corpus, verbosity=2)

    assert "[1/3] created:" in out
    assert "cup-final.txt" in out


def test_bad_publication_time_is_refused_before_anything_is_read(corpus):
    with pytest.raises(CommandError, match="not a date and time; use ISO 8601"):
        run(corpus, status="published", published_at="next tuesday")
    assert not Article.objects.exists()


def test_importing_as_a_writer_cannot_publish(corpus, writer):
    err = StringIO()

    with pytest.raises(CommandError, match="0 created, 0 updated, 0 unchanged, 3 failed"):
        call_command(
            "import_articles",
            str(corpus),
            status="published",
            username="wanda-writer",
            stdout=StringIO(),
            stderr=err,
        )

    assert "may not “publish”" in err.getvalue()
    assert not Article.objects.exists()  # not even as drafts: each file is all or nothing


def test_importing_as_a_writer_makes_their_drafts(corpus, writer):
    run(corpus, username="wanda-writer")

    assert set(Article.objects.values_list("created_by__username", "status")) == {
        ("wanda-writer", "draft")
    }


def test_importing_as_an_unknown_account_is_refused(corpus):
    with pytest.raises(CommandError, match="There is no account “nobody”"):
        run(corpus, username="nobody")
