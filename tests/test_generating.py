from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from taggit.models import Tag

from articles import publishing, search
from articles.models import Article, Byline, Section

pytestmark = pytest.mark.django_db


def generate(*args, **options):
    out = StringIO()
    call_command("generate_articles", *args, stdout=out, **options)
    return out.getvalue()


def test_generates_realistic_articles_with_progress():
    out = generate(count=1200, batch_size=500, seed=7)

    assert "500/1200 articles (41%)" in out
    assert "Created 1,200 articles" in out
    assert Article.objects.count() == 1200
    statuses = dict(Article.objects.values_list("status").annotate(n=Count("pk")))
    assert statuses["published"] > 1000
    assert {"draft", "in_review", "withdrawn"} <= set(statuses)
    scheduled = Article.objects.filter(status="published").exclude(
        pk__in=Article.objects.published()
    )
    assert scheduled.exists()
    assert Section.objects.count() == 7
    assert Byline.objects.values("article").distinct().count() == 1200
    assert Byline.objects.count() > 1200  # some articles have several bylines


def test_tags_follow_a_long_tail():
    generate(count=1000, seed=1)

    uses = list(
        Tag.objects.annotate(n=Count("articles_taggedarticle_items"))
        .filter(n__gt=0)
        .order_by("-n")
        .values_list("n", flat=True)
    )
    assert len(uses) > 50
    assert uses[0] > 10 * uses[len(uses) // 2]  # a few tags are on many articles, most on few
    assert uses[0] < 600  # but none is on nearly everything


def test_bodies_come_from_a_corpus_filed_by_folder(tmp_path):
    (tmp_path / "sport").mkdir()
    (tmp_path / "sport" / "cup.txt").write_text("Cup final\nA great game.\nA <b>late</b> winner.")

    generate(count=20, corpus=str(tmp_path))

    article = Article.objects.first()
    assert article.headline == "Cup final"
    assert article.section.name == "Sport"
    assert article.body == "<p>A &lt;b&gt;late&lt;/b&gt; winner.</p>"
    assert article.word_count == 6


def test_articles_made_afterwards_get_new_ids(editor):
    generate(count=30)

    article = Article(headline="Written by hand", section=Section.objects.first())
    publishing.save_article(article, by=editor)

    assert article.pk == 31


def test_same_seed_same_articles():
    generate(count=50, seed=3)
    first = list(Article.objects.order_by("pk").values_list("headline", "status", "section__name"))
    Article.objects.all().delete()
    generate(count=50, seed=3)
    second = list(Article.objects.order_by("pk").values_list("headline", "status", "section__name"))

    assert first == second


def test_an_empty_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No article files found"):
        generate(count=5, corpus=str(tmp_path))


def test_generated_articles_are_in_the_search_index_and_later_writes_still_are(tmp_path, editor):
    # The generator writes index rows itself (SQLite) with the insert trigger set aside;
    # the index must match what the trigger would have written, and the trigger must be
    # back for every later write.
    (tmp_path / "world").mkdir()
    (tmp_path / "world" / "summit.txt").write_text(
        "Leaders meet at summit\nA standfirst.\nTalks on <b>zeppelins</b> went late."
    )
    generate(count=10, corpus=str(tmp_path))
    article = Article(headline="Animal census", body="<p>Counting quokkas.</p>")
    article.section = Section.objects.first()
    publishing.save_article(article, by=editor)
    publishing.publish(article, by=editor)

    published = Article.objects.published()
    assert search.search("zeppelins").count() == published.exclude(pk=article.pk).count()
    assert list(search.search("quokkas")) == [article]
    article.body = "<p>Counting wombats.</p>"
    publishing.save_article(article, by=editor)
    assert not search.search("quokkas").exists()
    assert list(search.search("wombats")) == [article]
