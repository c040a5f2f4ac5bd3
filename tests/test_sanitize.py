import pytest

from articles.sanitize import html_to_text, sanitize_html


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
        ('<p onclick="alert(1)">Hi</p>', "<p>Hi</p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        (
            '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
            '<a rel="noopener noreferrer">x</a>',
        ),
        ('<img src="x" onerror="alert(1)">', '<img src="x">'),
        ('<p style="background:url(javascript:alert(1))">x</p>', "<p>x</p>"),
        ("<style>p{color:red}</style><p>x</p>", "<p>x</p>"),
        ("<svg><script>alert(1)</script></svg>", ""),
        ('<iframe src="https://evil.example"></iframe>', ""),
        ("<p>unclosed <b>bold", "<p>unclosed <b>bold</b></p>"),
        ("<!-- secret note --><p>x</p>", "<p>x</p>"),
        ("<h1>Too big</h1>", "Too big"),
    ],
)
def test_hostile_html_is_made_harmless(dirty, clean):
    assert sanitize_html(dirty) == clean


def test_the_allow_list_keeps_newsroom_markup():
    html = (
        "<h2>Sub-heading</h2><p><strong>Bold</strong>, <em>italic</em> and "
        '<a href="https://example.com/" title="Example" rel="noopener noreferrer">a link</a>.</p>'
        "<ul><li>One</li></ul><ol><li>Two</li></ol><blockquote><p>Quote</p></blockquote>"
    )

    assert sanitize_html(html) == html


def test_html_to_text_separates_blocks_and_unescapes():
    assert html_to_text("<p>One &amp; two</p><p>three</p>") == "One & two three"
