"""The one HTML allow-list. Every article body passes through sanitize_html() on save."""

import html
import re

import nh3

ALLOWED_TAGS = frozenset(
    {
        "a",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "em",
        "figcaption",
        "figure",
        "h2",
        "h3",
        "h4",
        "hr",
        "i",
        "img",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "blockquote": {"cite"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
# No javascript:, data: or vbscript: URLs can survive.
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# C0 and C1 control characters but tab and line breaks: nothing anyone means to write, and
# XML forbids them, so one of them in a headline or name would break every feed it is in.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def strip_control_characters(value):
    """Text without control characters (see above); None and "" stay as they are."""
    return _CONTROL_CHARACTERS.sub("", value) if value else value


def sanitize_html(value):
    """Return value with everything outside the allow-list removed (script contents too)."""
    if not value:
        return ""
    return nh3.clean(
        strip_control_characters(value),
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


_TAG = re.compile(r"<[^>]*>")
_WHITESPACE = re.compile(r"\s+")


def html_to_text(value):
    """The readable text of sanitized HTML, for word counts and summaries.

    Tags become spaces so that words in neighbouring paragraphs never run together; a
    regular expression is enough because sanitized HTML escapes every literal "<".
    """
    text = html.unescape(_TAG.sub(" ", value or ""))
    return _WHITESPACE.sub(" ", text).strip()
