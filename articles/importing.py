"""
The importer: plain-text article files in, articles out.

Each file is imported in its own transaction, so a file either becomes a whole article
(with its section, tags and bylines) or leaves no trace, and one bad file never stops
the rest. A file's identity is its folder and file name: importing it again updates the
article it made instead of adding a second one.
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from . import plaintext, publishing
from .models import Article, Author, Section
from .sanitize import sanitize_html
from .slugs import RESERVED_SECTION_SLUGS, make_slug

DEFAULT_SECTION = "News"
ARTICLE_FILE_SUFFIXES = {".txt", ".text"}


@dataclass(frozen=True)
class ArticleFile:
    path: Path
    # The folder that names the article's section, when the file was found inside a folder.
    section_folder: str | None = None

    @property
    def external_id(self):
        return f"file:{self.path.parent.name}/{self.path.name}"


@dataclass
class FileOutcome:
    path: Path
    result: str  # "created", "updated", "unchanged" or "failed"
    article: Article | None = None
    error: str = ""


@dataclass
class ImportReport:
    outcomes: list[FileOutcome] = field(default_factory=list)

    @property
    def counts(self):
        return Counter(outcome.result for outcome in self.outcomes)

    @property
    def failures(self):
        return [outcome for outcome in self.outcomes if outcome.result == "failed"]


def find_article_files(paths):
    """The article files named by paths: files as given, folders searched recursively.

    Hidden files and files that are not .txt inside folders (a LICENSE, a README) are
    skipped; a path that does not exist is reported rather than ignored.
    """
    found, missing = [], []
    for path in map(Path, paths):
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                relative_parts = file.relative_to(path).parts
                if (
                    file.is_file()
                    and file.suffix.lower() in ARTICLE_FILE_SUFFIXES
                    and not any(part.startswith(".") for part in relative_parts)
                ):
                    found.append(ArticleFile(file, section_folder=file.parent.name))
        elif path.is_file():
            found.append(ArticleFile(path))
        else:
            missing.append(path)
    return found, missing


class ImportContext:
    """Sections and authors looked up once per import, not once per file."""

    def __init__(self):
        self.sections = {}
        self.authors = {}

    def section(self, name):
        key = name.casefold()
        if key not in self.sections:
            self.sections[key] = get_or_create_section(name)
        return self.sections[key]

    def forget(self):
        """Drop cached rows; after a rolled-back file they may no longer exist."""
        self.sections.clear()
        self.authors.clear()

    def author(self, name):
        key = name.casefold()
        if key not in self.authors:
            self.authors[key] = Author.objects.filter(
                name__iexact=name
            ).first() or Author.objects.create(name=name)
        return self.authors[key]


def get_or_create_section(name):
    """The section called name (or with that slug), created if the newsroom has none yet."""
    name = name.strip()
    slug = make_slug(name, fallback="section")
    if slug in RESERVED_SECTION_SLUGS:
        slug = f"{slug}-section"
    existing = (
        Section.objects.filter(slug=slug).first()
        or Section.objects.filter(name__iexact=name).first()
    )
    if existing:
        return existing
    title = name.replace("-", " ").replace("_", " ")
    display_name = title[:1].upper() + title[1:]
    return Section.objects.create(name=display_name, slug=slug)


def import_file(
    article_file,
    *,
    section=None,
    tags=(),
    bylines=(),
    status=Article.Status.DRAFT,
    published_at=None,
    by=None,
    context=None,
):
    """Import one file as `by` (None: the system). Returns a FileOutcome; never raises."""
    context = context or ImportContext()
    try:
        data = article_file.path.read_bytes()
    except OSError as error:
        return FileOutcome(article_file.path, "failed", error=f"cannot be read: {error.strerror}.")
    try:
        parsed = plaintext.parse_bytes(data)
    except plaintext.ArticleFormatError as error:
        return FileOutcome(article_file.path, "failed", error=str(error))
    try:
        with transaction.atomic():
            return _save(
                article_file,
                parsed,
                section_name=section or article_file.section_folder or DEFAULT_SECTION,
                tags=tags,
                bylines=bylines,
                status=status,
                published_at=published_at,
                by=by,
                context=context,
            )
    except Exception as error:  # One failing file must not stop the rest; it is reported.
        context.forget()
        return FileOutcome(article_file.path, "failed", error=f"could not be saved: {error}")


def _save(article_file, parsed, *, section_name, tags, bylines, status, published_at, by, context):
    content = {
        "headline": parsed.headline,
        "standfirst": parsed.standfirst,
        # Sanitized here as save() would, so that an unchanged file compares equal.
        "body": sanitize_html(parsed.body_html),
    }
    existing = Article.objects.filter(external_id=article_file.external_id).first()
    if existing:
        # Re-importing refreshes the text only: an editor's section, tags, bylines,
        # status and slug are kept.
        changed = {
            name: value for name, value in content.items() if getattr(existing, name) != value
        }
        if not changed:
            return FileOutcome(article_file.path, "unchanged", existing)
        for name, value in changed.items():
            setattr(existing, name, value)
        publishing.save_article(existing, by=by, note="Re-imported")
        return FileOutcome(article_file.path, "updated", existing)

    article = Article(
        **content,
        section=context.section(section_name),
        external_id=article_file.external_id,
    )
    publishing.save_article(
        article,
        by=by,
        tags=tags,
        bylines=[context.author(name) for name in bylines],
        note=f"Imported from {article_file.path.name}",
    )
    if status == Article.Status.PUBLISHED:
        publishing.publish(article, by=by, at=published_at)
    elif status == Article.Status.IN_REVIEW:
        publishing.submit_for_review(article, by=by)
    return FileOutcome(article_file.path, "created", article)


def import_articles(paths, *, progress=None, **options):
    """Import every article file under paths; see import_file() for the options.

    progress, if given, is called after each file with (done, total, outcome).
    """
    files, missing = find_article_files(paths)
    report = ImportReport(
        [FileOutcome(path, "failed", error="does not exist.") for path in missing]
    )
    context = ImportContext()
    for done, article_file in enumerate(files, start=1):
        outcome = import_file(article_file, context=context, **options)
        report.outcomes.append(outcome)
        if progress:
            progress(done, len(files), outcome)
    return report
