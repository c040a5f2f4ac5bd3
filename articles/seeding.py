"""The seed content every new install shows: seeds/*.txt built into fixtures/seed.json."""

import tomllib
from pathlib import Path

from django.conf import settings
from django.core import serializers
from taggit.models import Tag

from .importing import ArticleFile, import_file
from .models import Article, Author, Byline, Section, TaggedArticle

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"
FIXTURE_PATH = Path(settings.BASE_DIR) / "fixtures" / "seed.json"


def read_manifest(seeds_dir=SEEDS_DIR):
    with open(seeds_dir / "manifest.toml", "rb") as manifest:
        return tomllib.load(manifest)["article"]


def import_seeds(seeds_dir=SEEDS_DIR):
    """Import every seed article as published, exactly as the importer would."""
    articles = []
    for entry in read_manifest(seeds_dir):
        outcome = import_file(
            ArticleFile(seeds_dir / entry["file"]),
            section=entry["section"],
            tags=entry.get("tags", ()),
            bylines=entry.get("bylines", ()),
            status=Article.Status.PUBLISHED,
            published_at=entry["published_at"],
        )
        if outcome.result == "failed":
            raise ValueError(f"Seed {entry['file']} {outcome.error}")
        # Fixed timestamps keep the fixture identical from one build to the next.
        Article.objects.filter(pk=outcome.article.pk).update(
            created_at=entry["published_at"], modified_at=entry["published_at"]
        )
        articles.append(outcome.article.pk)
    return Article.objects.filter(pk__in=articles).order_by("pk")


def serialize_seed(articles):
    """The articles and everything they refer to, keyed by slug and name rather than by id."""
    objects = [
        *Section.objects.filter(articles__in=articles).distinct(),
        *Author.objects.filter(bylines__article__in=articles).distinct(),
        *Tag.objects.filter(articles_taggedarticle_items__content_object__in=articles)
        .distinct()
        .order_by("name"),
        *articles,
        *Byline.objects.filter(article__in=articles).order_by("article", "position"),
        *TaggedArticle.objects.filter(content_object__in=articles).order_by(
            "content_object", "tag__name"
        ),
    ]
    return (
        serializers.serialize(
            "json",
            objects,
            indent=2,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        + "\n"
    )
