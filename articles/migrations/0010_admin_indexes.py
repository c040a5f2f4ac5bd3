"""Indexes for the admin's article list and dashboard.

Plain SQL rather than AddIndex because the model's Meta (articles/models/content.py) is
being changed on another branch; move them into Meta.indexes when the two are merged.
"""

from django.db import migrations

INDEXES = {
    # The article list filtered by status, in its default order (-published_at, -pk).
    "article_status_published_idx": "articles_article (status, published_at, id)",
    # The dashboard's review queue: oldest change first.
    "article_status_modified_idx": "articles_article (status, modified_at)",
    # The dashboard's "my drafts": newest change first.
    "article_creator_status_idx": "articles_article (created_by_id, status, modified_at)",
}


def analyze(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("ANALYZE articles_article")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_query_indexes"),
    ]

    operations = [
        *(
            migrations.RunSQL(
                f"CREATE INDEX {name} ON {columns}", f"DROP INDEX {name}", elidable=False
            )
            for name, columns in INDEXES.items()
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop),
    ]
