from django.db import migrations, models


def analyze(apps, schema_editor):
    # SQLite picks among indexes by their statistics; without them it may sort instead.
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("ANALYZE")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_query_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["status", "headline", "id"], name="article_headline_idx"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["status", "modified_at", "id"], name="article_modified_idx"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["status", "updated_at", "id"], name="article_update_idx"),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop),
    ]
