"""The full-text index behind articles/search.py, built the way each database does best.

SQLite: an FTS5 table kept in step by triggers, so every write path (admin, API, importer,
bulk inserts, raw updates) updates it without Python hooks. PostgreSQL: a GIN index over
the weighted tsvector expression that articles/search.py queries with.
"""

from django.db import migrations

SQLITE_FORWARDS = [
    """
    CREATE VIRTUAL TABLE articles_search USING fts5(
        headline, standfirst, body, tokenize = 'porter unicode61 remove_diacritics 2'
    )
    """,
    """
    INSERT INTO articles_search (rowid, headline, standfirst, body)
    SELECT id, headline, standfirst, newsroom_html_text(body) FROM articles_article
    """,
    """
    CREATE TRIGGER articles_search_insert AFTER INSERT ON articles_article BEGIN
        INSERT INTO articles_search (rowid, headline, standfirst, body)
        VALUES (new.id, new.headline, new.standfirst, newsroom_html_text(new.body));
    END
    """,
    """
    CREATE TRIGGER articles_search_update AFTER UPDATE ON articles_article
    WHEN old.id IS NOT new.id OR old.headline IS NOT new.headline
        OR old.standfirst IS NOT new.standfirst OR old.body IS NOT new.body
    BEGIN
        DELETE FROM articles_search WHERE rowid = old.id;
        INSERT INTO articles_search (rowid, headline, standfirst, body)
        VALUES (new.id, new.headline, new.standfirst, newsroom_html_text(new.body));
    END
    """,
    """
    CREATE TRIGGER articles_search_delete AFTER DELETE ON articles_article BEGIN
        DELETE FROM articles_search WHERE rowid = old.id;
    END
    """,
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER IF EXISTS articles_search_delete",
    "DROP TRIGGER IF EXISTS articles_search_update",
    "DROP TRIGGER IF EXISTS articles_search_insert",
    "DROP TABLE IF EXISTS articles_search",
]

# The same expression as search.POSTGRES_DOCUMENT; written out here so this migration
# never changes when the code does.
POSTGRES_FORWARDS = [
    """
    CREATE INDEX article_search_idx ON articles_article USING gin ((
        setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce(standfirst, '')), 'B') ||
        setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
    ))
    """,
]
POSTGRES_BACKWARDS = ["DROP INDEX IF EXISTS article_search_idx"]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_preview_link_permissions")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARDS, "postgresql": POSTGRES_FORWARDS}),
            run({"sqlite": SQLITE_BACKWARDS, "postgresql": POSTGRES_BACKWARDS}),
        ),
    ]
