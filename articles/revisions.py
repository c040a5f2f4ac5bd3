"""
Revisions: a full copy of an article at every save, to compare and to restore.

A revision's content is plain JSON (tags and bylines by name), so it stays readable
after the section, tags or authors it names are renamed or deleted.
"""

import difflib

from django.db.models import Max
from django.utils.html import escape

from .models import Article, Author, Revision, Section
from .sanitize import html_to_text

# The fields a revision keeps and a restore puts back, in the order a diff shows them.
CONTENT_FIELDS = [
    "headline",
    "slug",
    "standfirst",
    "body",
    "language",
    "meta_description",
    "lead_image_alt",
    "lead_image_caption",
    "lead_image_credit",
]
LABELS = {
    "headline": "Headline",
    "slug": "Slug",
    "standfirst": "Standfirst",
    "body": "Body",
    "section": "Section",
    "tags": "Tags",
    "bylines": "Bylines",
    "language": "Language",
    "meta_description": "Meta description",
    "lead_image_alt": "Lead image alt text",
    "lead_image_caption": "Lead image caption",
    "lead_image_credit": "Lead image credit",
}


def snapshot(article):
    """The article's content as a JSON-ready dict."""
    content = {field: getattr(article, field) for field in CONTENT_FIELDS}
    content["section"] = article.section.slug if article.section_id else None
    content["tags"] = sorted(tag.name for tag in article.tags.all())
    content["bylines"] = [byline.author.slug for byline in article.bylines.select_related("author")]
    return content


def record(article, *, by, note="", is_conflict=False, content=None):
    """Store a revision of article (or of `content`, an edit that was not applied)."""
    latest = Revision.objects.filter(article=article).aggregate(number=Max("number"))["number"]
    return Revision.objects.create(
        article=article,
        number=(latest or 0) + 1,
        created_by=by if getattr(by, "pk", None) else None,
        content=content if content is not None else snapshot(article),
        is_conflict=is_conflict,
        note=note,
    )


def apply(revision, article):
    """Put a revision's content back on article (unsaved) and return its tags and bylines."""
    content = revision.content
    for field in CONTENT_FIELDS:
        if field in content:
            setattr(article, field, content[field])
    section = Section.objects.filter(slug=content.get("section")).first()
    if section:
        article.section = section
    authors = {
        author.slug: author for author in Author.objects.filter(slug__in=content.get("bylines", []))
    }
    bylines = [authors[slug] for slug in content.get("bylines", []) if slug in authors]
    return content.get("tags", []), bylines


def diff(old, new):
    """Side-by-side rows for every field that differs between two revisions' content.

    Returns [(label, [(old_html, new_html, changed), …]), …]; text is escaped, and the
    words that changed are wrapped in <del>/<ins>.
    """
    changes = []
    for field, label in LABELS.items():
        before, after = _as_lines(field, old.get(field)), _as_lines(field, new.get(field))
        if before != after:
            changes.append((label, _side_by_side(before, after)))
    return changes


def _as_lines(field, value):
    if value is None:
        return []
    if isinstance(value, list):
        return [str(item) for item in value]
    if field == "body":
        # Compare the body paragraph by paragraph, as readers see it.
        return [
            html_to_text(block)
            for block in value.replace("</p>", "</p>\n").splitlines()
            if block.strip()
        ]
    return [str(value)] if value != "" else []


def _side_by_side(before, after):
    rows = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend((escape(line), escape(line), False) for line in before[i1:i2])
            continue
        left, right = before[i1:i2], after[j1:j2]
        for index in range(max(len(left), len(right))):
            old_line = left[index] if index < len(left) else ""
            new_line = right[index] if index < len(right) else ""
            rows.append((*_mark_words(old_line, new_line), True))
    return rows


def _mark_words(old_line, new_line):
    old_words, new_words = old_line.split(" "), new_line.split(" ")
    old_out, new_out = [], []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part, new_part = escape(" ".join(old_words[i1:i2])), escape(" ".join(new_words[j1:j2]))
        if tag == "equal":
            old_out.append(old_part)
            new_out.append(new_part)
            continue
        if old_part:
            old_out.append(f"<del>{old_part}</del>")
        if new_part:
            new_out.append(f"<ins>{new_part}</ins>")
    return " ".join(old_out), " ".join(new_out)


def content_of(article):
    """What to compare an unsaved edit with: the article as it is in the database now."""
    return snapshot(Article.objects.get(pk=article.pk))
