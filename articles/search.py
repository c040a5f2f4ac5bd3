"""
Full-text search over public articles: one interface, a backend per database.

    search(query)               public articles matching every word of `query`, best first
    highlight(articles, query)  gives each article `search_headline` and `search_snippet`:
                                safe HTML with the matched words in <mark>

The index lives in the database and follows every write by itself, whichever way it comes
(admin, API, importer, bulk inserts, raw updates), so nothing in Python keeps it in step:

- SQLite: the FTS5 table `articles_search`, filled by triggers on articles_article
  (migration 0004). Bodies are indexed as plain text through the SQL function
  `newsroom_html_text`, which every connection Django opens registers.
- PostgreSQL: a GIN index over the weighted tsvector DOCUMENT; queries repeat the
  expression exactly so that the planner uses the index.

Every article is indexed whatever its state; what the public may find is decided at query
time by Article.objects.published(), so publishing, withdrawing, an embargo ending or a
scheduled time arriving change the results with no re-indexing.
"""

import html
import re
import unicodedata

from django.db import connection
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Article
from .sanitize import html_to_text

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
# Markers the databases put around matches; everything else is escaped before they become
# <mark>, so article text can never inject markup into a results page.
START, STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{START}([^{START}{STOP}]*){STOP}")

# Must stay identical to the expression of the index in migration 0004_search_index.
POSTGRES_DOCUMENT = (
    "setweight(to_tsvector('english'::regconfig, coalesce(articles_article.headline, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(articles_article.standfirst, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(articles_article.body, '')), 'C')"
)


def words(query):
    """The words of a reader's query: runs of letters, digits and combining marks.

    Quotes, operators and every other symbol separate words and are never passed on, so
    no input can be read as search syntax by either backend.
    """
    found, current = [], []
    for char in query[:MAX_QUERY_LENGTH]:
        if unicodedata.category(char)[0] in "LNM":
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found[:MAX_WORDS]


def search(query, queryset=None):
    """Public articles matching every word of `query`, most relevant first.

    `queryset` narrows the search (it must come from Article.objects.published()).
    """
    if queryset is None:
        queryset = Article.objects.published().for_listing()
    query_words = words(query)
    if not query_words:
        return queryset.none()
    return _backend().matching(queryset, query_words)


def highlight(articles, query):
    """Set `search_headline` and `search_snippet` on each of `articles` (one query)."""
    articles = list(articles)
    query_words = words(query)
    found = _backend().highlights([a.pk for a in articles], query_words) if query_words else {}
    for article in articles:
        headline, snippets = found.get(article.pk, (None, ()))
        article.search_headline = _marked(headline) if headline else escape(article.headline)
        # The first snippet with a match; the standfirst when only the headline matched.
        marked = [snippet for snippet in snippets if snippet and START in snippet]
        article.search_snippet = _marked(marked[0]) if marked else escape(article.standfirst)
    return articles


def _marked(text):
    text = escape(" ".join(text.split()))
    # Escaped first; only our private-use match markers become <mark>.
    return mark_safe(_MARKED.sub(r"<mark>\1</mark>", text).translate({0xE000: None, 0xE001: None}))  # nosec B308 B703


def register_sql_functions(sender, connection, **kwargs):
    """connection_created receiver: the SQLite triggers index bodies through this."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "newsroom_html_text", 1, html_to_text, deterministic=True
        )


def _backend():
    return PostgresBackend if connection.vendor == "postgresql" else SQLiteBackend


class SQLiteBackend:
    # bm25 weights per column: headline, standfirst, body.
    RANK = "bm25(articles_search, 10.0, 4.0, 1.0)"

    @staticmethod
    def phrase_query(query_words):
        # Each word an FTS5 string: quoted, though words() leaves no quotes to escape.
        return " ".join(f'"{word}"' for word in query_words)

    @classmethod
    def match(cls, query_words):
        """The condition "this row of the index matches", for a query joined to the index
        (whose alias is the table's name). Bandit: constant SQL; the query is a parameter."""
        fts = cls.phrase_query(query_words)
        return RawSQL("articles_search MATCH %s", [fts], output_field=BooleanField())  # nosec B611

    @classmethod
    def matching(cls, queryset, query_words):
        # Joined rather than looked up per article: the index is read once, and bm25() is
        # computed in that one pass. Bandit: RANK is constant.
        return (
            queryset.filter(search_entry__isnull=False)
            .filter(cls.match(query_words))
            .annotate(search_rank=RawSQL(f"-{cls.RANK}", [], output_field=FloatField()))  # nosec B611
            .order_by("-search_rank", "-published_at", "-pk")
        )

    @classmethod
    def highlights(cls, ids, query_words):
        if not ids:
            return {}
        fts = cls.phrase_query(query_words)
        placeholders = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                # Bandit: only %s placeholders are formatted in; the ids are parameters.
                "SELECT rowid, highlight(articles_search, 0, %s, %s), "  # nosec B608
                "snippet(articles_search, 2, %s, %s, '…', 24), "
                "snippet(articles_search, 1, %s, %s, '…', 24) "
                "FROM articles_search WHERE articles_search MATCH %s "
                f"AND rowid IN ({placeholders})",
                [START, STOP] * 3 + [fts, *ids],
            )
            return {row[0]: (row[1], row[2:]) for row in cursor.fetchall()}


class PostgresBackend:
    QUERY = "plainto_tsquery('english'::regconfig, %s)"

    @classmethod
    def matching(cls, queryset, query_words):
        text = " ".join(query_words)
        return (
            # Bandit: the SQL here and below is constant; the words are a parameter.
            queryset.filter(
                RawSQL(f"({POSTGRES_DOCUMENT}) @@ {cls.QUERY}", [text], output_field=BooleanField())  # nosec B611 B608
            )
            .annotate(
                search_rank=RawSQL(  # nosec B611 B608
                    f"ts_rank({POSTGRES_DOCUMENT}, {cls.QUERY})", [text], output_field=FloatField()
                )
            )
            .order_by("-search_rank", "-published_at", "-pk")
        )

    @classmethod
    def highlights(cls, ids, query_words):
        if not ids:
            return {}
        marks = f'StartSel="{START}", StopSel="{STOP}"'
        fragments = f'{marks}, MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=" … "'
        with connection.cursor() as cursor:
            cursor.execute(
                # Bandit: constant SQL; the words and ids are parameters.
                "SELECT id, ts_headline('english', headline, query, %s), "  # nosec B608
                "ts_headline('english', regexp_replace(body, '<[^>]*>', ' ', 'g'), query, %s), "
                "ts_headline('english', standfirst, query, %s) "
                f"FROM articles_article, {cls.QUERY} AS query WHERE id = ANY(%s)",
                [f"{marks}, HighlightAll=true", fragments, fragments, " ".join(query_words), ids],
            )
            # The body is HTML with its tags removed: its entities still need decoding.
            return {
                pk: (headline, (html.unescape(body), standfirst))
                for pk, headline, body, standfirst in cursor.fetchall()
            }
