from pathlib import Path

import pytest

from articles.plaintext import ArticleFormatError, Block, parse, parse_bytes

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_91cb02791afa4ef3.txt"


def test_seed_headline_paragraphs_and_subheadings():
    article = parse_bytes(SEED.read_bytes())

    assert article.headline == (
        "NATO Chief Mark Rutte Confirms Ukraine’s Membership Is No Longer on the Agenda"
    )
    assert [block.text for block in article.blocks if block.kind == "subheading"] == [
        "Security Guarantees to Be Discussed After Peace Deal",
        "NATO’s Role in Peace Negotiations",
        "Conclusion: A New Phase in NATO’s Engagement with Ukraine",
    ]
    assert len([block for block in article.blocks if block.kind == "paragraph"]) == 6


def test_seed_keeps_every_line_of_text():
    text = SEED.read_text(encoding="utf-8")
    article = parse(text)
    parsed_lines = [article.headline, *(block.text for block in article.blocks)]

    assert parsed_lines == [line.strip() for line in text.splitlines() if line.strip()]


def test_opening_paragraph_is_the_standfirst_and_the_rest_the_body():
    article = parse("Headline\n\nThe intro.\n\nMore text.\n")

    assert article.standfirst == "The intro."
    assert article.body_html == "<p>More text.</p>"


def test_a_single_paragraph_stays_in_the_body():
    article = parse("Headline\nThe only paragraph.")

    assert article.standfirst == ""
    assert article.body_html == "<p>The only paragraph.</p>"


def test_subheadings_become_h2():
    article = parse("Headline\nIntro sentence.\nWhat Happens Next\nA paragraph.")

    assert article.body_html == "<h2>What Happens Next</h2>\n<p>A paragraph.</p>"


@pytest.mark.parametrize(
    "line",
    [
        "A short sentence.",
        "Is this a question?",
        "He said: “we will go”",
        "lowercase fragment without stop",
        "A line that lists things,",
        "1,375",
        "A very long line " + "with many words " * 10,
    ],
)
def test_lines_that_read_as_prose_stay_paragraphs(line):
    article = parse(f"Headline\n{line}")

    assert article.blocks == (Block("paragraph", line.strip()),)


@pytest.mark.parametrize(
    "text",
    [
        "Headline\nFirst.\nSecond.\n",
        "Headline\n\nFirst.\n\nSecond.\n",
        "\n\n  Headline  \n\n\n   First.   \n \t \nSecond.\n\n\n",
        "Headline\r\nFirst.\r\n\r\nSecond.\r\n",
        "Headline\rFirst.\rSecond.",
        "\ufeffHeadline\nFirst.\nSecond.",
    ],
    ids=["one-per-line", "blank-lines", "stray-whitespace", "crlf", "old-mac-cr", "bom-in-text"],
)
def test_layout_variants_parse_the_same(text):
    article = parse(text)

    assert article.headline == "Headline"
    assert [block.text for block in article.blocks] == ["First.", "Second."]


def test_utf8_bom_bytes_are_not_part_of_the_headline():
    article = parse_bytes("Заголовок\nТекст статті.".encode("utf-8-sig"))

    assert article.headline == "Заголовок"


def test_utf16_with_bom_is_decoded():
    article = parse_bytes("Headline €\nText.".encode("utf-16"))

    assert article.headline == "Headline €"


def test_unicode_is_kept_exactly():
    text = (
        "Україна: «Ми готові» — €5 bn deal\n“Quotes,” ‘apostrophes’ and €, ½, 日本語, emoji 👩‍💻.\n"
    )
    article = parse(text)

    assert article.headline == "Україна: «Ми готові» — €5 bn deal"
    assert article.blocks[0].text == "“Quotes,” ‘apostrophes’ and €, ½, 日本語, emoji 👩‍💻."


def test_text_that_looks_like_html_stays_text():
    article = parse(
        'The <b>bold</b> & the <script>alert("x")</script>\n'
        "Intro <img src=x onerror=alert(1)>.\nBody with &amp; and <i>tags</i>."
    )

    assert article.headline == 'The <b>bold</b> & the <script>alert("x")</script>'
    assert article.standfirst == "Intro <img src=x onerror=alert(1)>."
    assert article.body_html == "<p>Body with &amp;amp; and &lt;i&gt;tags&lt;/i&gt;.</p>"


def test_runs_of_spaces_and_control_characters_are_cleaned():
    article = parse("Head\x07line  with\t\tspaces\nText\x00 here.")

    assert article.headline == "Headline with spaces"
    assert article.blocks[0].text == "Text here."


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "is empty"),
        (b"   \n\r\n\t\n", "is empty"),
        (b"Only a headline\n\n", "has a headline but no text"),
        (
            "\x93Smart quotes\x94 from Windows\nText.".encode("latin-1"),
            "is not UTF-8 text: byte 0x93 on line 1",
        ),
        (b"Headline\nfine\n\xff\xfe broken", "byte 0xff on line 3"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (("x" * 301 + "\nText.").encode(), "too long for a headline"),
    ],
    ids=[
        "empty",
        "whitespace-only",
        "headline-only",
        "windows-1252",
        "bad-byte-later",
        "binary",
        "long-first-line",
    ],
)
def test_files_that_are_not_articles_are_refused_with_a_reason(data, reason):
    with pytest.raises(ArticleFormatError, match=reason):
        parse_bytes(data)
