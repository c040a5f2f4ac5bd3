"""
Realistic volumes of articles for benchmarks and load tests.

Articles are written with bulk inserts in batches, each batch in one transaction, so a
million take minutes rather than hours. Bodies come from a corpus of plain-text articles
when one is given (parsed by the same parser as the importer, sanitized once each), else
from generated sentences. Tags follow a long tail: a few are on many articles, most on few.
Generated articles keep no revisions and write no audit log: they never went through an
editor's hands.

On SQLite most of the time goes to the full-text index. Its insert trigger turns every
body into plain text again; here each story's text is computed once and the index rows
are written directly, with the trigger dropped and recreated inside each batch's
transaction, so a crash can never leave the database without it.
"""

import random
from bisect import bisect
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from itertools import accumulate
from pathlib import Path

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from taggit.models import Tag

from . import plaintext
from .importing import get_or_create_section
from .models import Article, Author, Byline, TaggedArticle
from .sanitize import html_to_text, sanitize_html
from .slugs import make_slug

DEFAULT_SECTIONS = ["World", "Politics", "Business", "Technology", "Science", "Sport", "Culture"]
FIRST_NAMES = [
    "Ada",
    "Amir",
    "Ana",
    "Ben",
    "Chloé",
    "Dara",
    "Elif",
    "Femi",
    "Grace",
    "Hana",
    "Ian",
    "Ivan",
    "Jonas",
    "Kemi",
    "Lars",
    "Lena",
    "Maya",
    "Nadia",
    "Noor",
    "Olga",
    "Omar",
    "Priya",
    "Rui",
    "Sara",
    "Taro",
    "Uma",
    "Vera",
    "Wei",
    "Yusuf",
    "Zofia",
]
LAST_NAMES = [
    "Ahmed",
    "Bauer",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "García",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Li",
    "Moreau",
    "Nakamura",
    "Novak",
    "Okafor",
    "Petrov",
    "Quinn",
    "Rossi",
    "Silva",
    "Tanaka",
    "Usman",
    "Varga",
    "Walsh",
    "Yilmaz",
    "Zhou",
]
WORDS = [
    "government",
    "minister",
    "council",
    "report",
    "economy",
    "market",
    "inflation",
    "election",
    "vote",
    "budget",
    "policy",
    "court",
    "ruling",
    "energy",
    "climate",
    "city",
    "region",
    "border",
    "talks",
    "agreement",
    "crisis",
    "company",
    "shares",
    "investors",
    "league",
    "season",
    "match",
    "coach",
    "players",
    "research",
    "study",
    "scientists",
    "data",
    "health",
    "hospital",
    "schools",
    "teachers",
    "workers",
    "union",
    "strike",
    "prices",
    "rates",
    "bank",
    "growth",
    "trade",
    "officials",
    "police",
    "investigation",
    "summit",
    "leaders",
    "treaty",
    "ceasefire",
    "aid",
    "exports",
    "festival",
]
# Of every 100 generated articles: this many in each state.
STATUS_MIX = [
    (Article.Status.PUBLISHED, 90),
    (Article.Status.DRAFT, 5),
    (Article.Status.IN_REVIEW, 2),
    ("scheduled", 2),
    (Article.Status.WITHDRAWN, 1),
]


@dataclass
class Story:
    headline: str
    standfirst: str
    body: str
    word_count: int
    section: str | None
    body_text: str

    @cached_property
    def slug_base(self):
        return make_slug(self.headline, max_length=80)


def load_corpus(folder):
    """Every article in folder (parsed, sanitized once), each with its folder's section."""
    stories = []
    for path in sorted(Path(folder).rglob("*.txt")):
        try:
            parsed = plaintext.parse_bytes(path.read_bytes())
        except plaintext.ArticleFormatError:
            continue
        body = sanitize_html(parsed.body_html)
        text = html_to_text(body)
        words = len(f"{parsed.standfirst} {text}".split())
        section = path.parent.name if path.parent != Path(folder) else None
        stories.append(Story(parsed.headline, parsed.standfirst, body, words, section, text))
    if not stories:
        raise ValueError(f"No article files found in {folder}.")
    return stories


def invented_stories(rng, count=500):
    def sentence(length):
        words = rng.choices(WORDS, k=length)
        return " ".join(words).capitalize() + "."

    stories = []
    for _ in range(count):
        paragraphs = [" ".join(sentence(rng.randint(8, 20)) for _ in range(3)) for _ in range(6)]
        body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs[1:])
        headline = sentence(rng.randint(5, 10))[:-1]
        words = len(" ".join(paragraphs).split())
        text = " ".join(paragraphs[1:])
        stories.append(Story(headline, paragraphs[0], body, words, None, text))
    return stories


class LongTail:
    """Draws from items with Zipf-like weights: item k is picked k**-0.75 as often as item 1."""

    def __init__(self, items, rng, exponent=0.75):
        self.items = items
        self.rng = rng
        self.cumulative = list(
            accumulate(1 / (rank**exponent) for rank in range(1, len(items) + 1))
        )

    def sample(self, count):
        picked = set()
        while len(picked) < min(count, len(self.items)):
            point = self.rng.random() * self.cumulative[-1]
            picked.add(self.items[bisect(self.cumulative, point)])
        return picked


def generate_articles(count, *, corpus=None, seed=0, batch_size=5000, progress=None):
    """Create `count` articles; calls progress(done, count) after every batch."""
    # Seeded and repeatable on purpose: fake articles, not secrets.
    rng = random.Random(seed)  # nosec B311
    stories = load_corpus(corpus) if corpus else invented_stories(rng)
    section_names = (
        sorted({story.section for story in stories if story.section}) or DEFAULT_SECTIONS
    )
    sections = [get_or_create_section(name) for name in section_names]
    sections_by_name = dict(zip(section_names, sections, strict=True))
    # Authors draw from their own generator so that reusing existing ones changes nothing else.
    authors = _authors(random.Random(seed + 1), max(20, min(2000, count // 200)))  # nosec B311
    tags = LongTail(_tags(stories, max(50, min(20000, int(count**0.5) * 5))), rng)
    now = timezone.now()
    first_number = (Article.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    statuses = [status for status, share in STATUS_MIX for _ in range(share)]
    rows = ArticleRows()
    if connection.vendor == "sqlite":
        # A large page cache keeps the growing indexes in memory instead of re-reading them.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -1000000")  # KiB: up to 1 GB

    done = 0
    while done < count:
        size = min(batch_size, count - done)
        with transaction.atomic(), _search_index_written_directly() as index:
            batch = rng.choices(stories, k=size)
            articles = [
                _article(
                    story,
                    number=first_number + done + offset,
                    status=rng.choice(statuses),
                    section=sections_by_name.get(story.section) or rng.choice(sections),
                    rng=rng,
                    now=now,
                )
                for offset, story in enumerate(batch)
            ]
            rows.insert(articles)
            index(
                (article["id"], story.headline, story.standfirst, story.body_text)
                for article, story in zip(articles, batch, strict=True)
            )
            _insert_rows(
                Byline,
                ["article_id", "author_id", "position"],
                (
                    (article["id"], author.pk, position)
                    for article in articles
                    for position, author in enumerate(
                        rng.sample(authors, rng.choice([1, 1, 1, 2, 2, 3]))
                    )
                ),
            )
            _insert_rows(
                TaggedArticle,
                ["content_object_id", "tag_id"],
                (
                    (article["id"], tag.pk)
                    for article in articles
                    for tag in tags.sample(rng.randint(2, 6))
                ),
            )
        done += size
        _reset_id_sequence()
        if progress:
            progress(done, count)
    # Fresh statistics for the query planner: without them SQLite guesses, and after a bulk
    # load it guesses wrong (related articles scanned the status index: 100 ms instead of 3).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return done


SEARCH_TRIGGER = "articles_search_insert"  # created by migration 0007_search_index


@contextmanager
def _search_index_written_directly():
    """Within a transaction: yields a function that writes search index rows, and keeps
    the insert trigger from indexing the same rows again (SQLite only)."""
    if connection.vendor != "sqlite":
        yield lambda rows: None  # PostgreSQL's index is an expression index: nothing to do
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [SEARCH_TRIGGER]
        )
        (trigger_sql,) = cursor.fetchone()
        cursor.execute(f"DROP TRIGGER {SEARCH_TRIGGER}")
        yield lambda rows: cursor.executemany(
            "INSERT INTO articles_search (rowid, headline, standfirst, body) VALUES (%s, %s, %s, %s)",
            list(rows),
        )
        cursor.execute(trigger_sql)


def _reset_id_sequence():
    """Explicit ids bypass PostgreSQL's sequence; move it past them (a no-op on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Article])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _insert_rows(model, columns, rows):
    """A plain multi-row INSERT: for link rows the ORM's per-object work is most of the time."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    # Names come from the models' own metadata, quoted; every value is a parameter.
    sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # nosec B608
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(rows))


def _article(story, *, number, status, section, rng, now):
    """One article's column values, as a dict keyed by column name."""
    published_at = now - timedelta(seconds=rng.randint(60, 5 * 365 * 24 * 3600))
    if status == "scheduled":
        status = Article.Status.PUBLISHED
        published_at = now + timedelta(seconds=rng.randint(3600, 30 * 24 * 3600))
    if status in (Article.Status.DRAFT, Article.Status.IN_REVIEW):
        published_at = None
    return {
        "id": number,
        "headline": story.headline,
        "slug": f"{story.slug_base}-{number}",
        "standfirst": story.standfirst,
        "body": story.body,
        "word_count": story.word_count,
        "section_id": section.pk,
        "status": status,
        "published_at": published_at,
        "first_published_at": published_at,
        "updated_at": published_at,
        "created_at": published_at or now,
        "modified_at": published_at or now,
        "external_id": f"generated:{number}",
    }


class ArticleRows:
    """Article rows for a plain INSERT: explicit ids, every other column at its default."""

    def __init__(self):
        self.fields = Article._meta.concrete_fields
        self.columns = [field.column for field in self.fields]
        self.defaults = {
            field.column: field.get_default()
            if field.has_default()
            else ("" if field.empty_strings_allowed and not field.null else None)
            for field in self.fields
        }
        self.datetime_columns = {
            field.column for field in self.fields if field.get_internal_type() == "DateTimeField"
        }

    def row(self, values):
        adapt = connection.ops.adapt_datetimefield_value
        merged = {**self.defaults, **values}
        return tuple(
            adapt(merged[column]) if column in self.datetime_columns else merged[column]
            for column in self.columns
        )

    def insert(self, articles):
        _insert_rows(Article, self.columns, (self.row(article) for article in articles))


def _authors(rng, count):
    existing = list(Author.objects.filter(slug__startswith="generated-")[:count])
    names = [
        f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(count - len(existing))
    ]
    start = len(existing)
    created = Author.objects.bulk_create(
        Author(name=name, slug=f"generated-{make_slug(name)}-{start + index}")
        for index, name in enumerate(names)
    )
    return existing + created


def _tags(stories, count):
    """Tag names in order of popularity: the names most mentioned in the stories first."""
    mentions = Counter(
        word.strip(".,;:'\"‘’“”()")
        for story in stories
        for word in f"{story.headline} {story.standfirst}".split()[1:]
        if word[:1].isupper()
    )
    names = [name for name, _ in mentions.most_common() if len(name) > 3]
    names += [
        f"{first.capitalize()} {second}" for first in WORDS for second in WORDS if first != second
    ]
    names = list(dict.fromkeys(names))[:count]
    Tag.objects.bulk_create(
        (Tag(name=name, slug=make_slug(name, fallback="tag")) for name in names),
        ignore_conflicts=True,
    )
    by_name = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    return [by_name[name] for name in names if name in by_name]
