"""
The plain-text article format, parsed in one place.

The first non-empty line is the headline. Every later non-empty line is a block: a
paragraph, or a sub-heading when it reads like one (short, starts with a capital, and
does not end like a sentence). Blank lines between blocks are optional. The text is
kept exactly: nothing in it is ever treated as markup.
"""

import codecs
import re
from dataclasses import dataclass
from typing import Literal

from django.utils.html import escape

HEADLINE_MAX_LENGTH = 300
SUBHEADING_MAX_LENGTH = 120
SUBHEADING_MAX_WORDS = 15
# A line ending like a sentence, a list item or a quotation is a paragraph.
_SENTENCE_ENDINGS = tuple(".!?…:;,\"'”’»)]")
_RUNS_OF_SPACES = re.compile(r"[ \t]+")
# C0 and C1 control characters except tab, and byte-order marks left inside the text.
_INVISIBLE_NOISE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\ufeff]")


class ArticleFormatError(ValueError):
    """The text is not an article in the plain-text format; the message says why and what to do."""


@dataclass(frozen=True)
class Block:
    kind: Literal["paragraph", "subheading"]
    text: str

    def to_html(self):
        tag = "h2" if self.kind == "subheading" else "p"
        return f"<{tag}>{escape(self.text)}</{tag}>"


@dataclass(frozen=True)
class ParsedArticle:
    headline: str
    blocks: tuple[Block, ...]

    @property
    def standfirst(self):
        """The opening paragraph, when more text follows it: news copy's intro."""
        if len(self.blocks) > 1 and self.blocks[0].kind == "paragraph":
            return self.blocks[0].text
        return ""

    @property
    def body_html(self):
        """Every block after the standfirst, as escaped HTML."""
        blocks = self.blocks[1:] if self.standfirst else self.blocks
        return "\n".join(block.to_html() for block in blocks)


def decode(data):
    """Bytes of a file to text: UTF-8 (with or without a BOM) or BOM-marked UTF-16."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ArticleFormatError(
                f"is marked as UTF-16 but is not valid UTF-16 ({error.reason}). "
                "Save it as UTF-8 and import it again."
            ) from None
    if b"\x00" in data:
        raise ArticleFormatError(
            "contains NUL bytes, so it is a binary file rather than text. "
            "Export the article as plain text (UTF-8) and import that."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ArticleFormatError(
            f"is not UTF-8 text: byte 0x{data[error.start]:02x} on line {line} cannot be decoded. "
            "Save the file as UTF-8 (e.g. iconv -f windows-1252 -t utf-8) and import it again."
        ) from None


def clean_line(line):
    """One line without control characters or stray BOMs, runs of spaces and tabs made single.

    Other invisible characters stay: joiners and direction marks are part of some scripts.
    """
    return _RUNS_OF_SPACES.sub(" ", _INVISIBLE_NOISE.sub("", line)).strip()


def looks_like_subheading(line):
    return (
        len(line) <= SUBHEADING_MAX_LENGTH
        and len(line.split()) <= SUBHEADING_MAX_WORDS
        and line[0].isupper()
        and not line.endswith(_SENTENCE_ENDINGS)
    )


def parse(text):
    """Parse the text of one article; raises ArticleFormatError when it is not one."""
    lines = [line for line in map(clean_line, text.splitlines()) if line]
    if not lines:
        raise ArticleFormatError("is empty: there is no headline and no text.")
    headline, *rest = lines
    if len(headline) > HEADLINE_MAX_LENGTH:
        raise ArticleFormatError(
            f"starts with a line of {len(headline)} characters, too long for a headline "
            f"(at most {HEADLINE_MAX_LENGTH}). Put the headline alone on the first line."
        )
    if not rest:
        raise ArticleFormatError(
            "has a headline but no text below it. Add the article's paragraphs after the headline."
        )
    blocks = tuple(
        Block("subheading" if looks_like_subheading(line) else "paragraph", line) for line in rest
    )
    return ParsedArticle(headline=headline, blocks=blocks)


def parse_bytes(data):
    return parse(decode(data))
