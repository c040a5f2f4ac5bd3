"""Hostile input for tests/test_hostile_input.py and tests/browser/test_hostile_input.py:
XSS payloads, a way to plant them through every input path, and a check for executable
markup in what comes back.

Every payload that manages to run sets window.__pwned and opens a dialog, so the browser
test sees it; the payloads also cover what only runs when clicked or submitted (links,
forms), which the markup check finds.
"""

import json
import re

import lxml.html
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import admin_form

RUN = "window.__pwned=1;alert(1)"
PAYLOADS = [
    f"<script>{RUN}</script>",
    f"<SCRIPT SRC=//evil.example/x.js></SCRIPT><script>{RUN}</script>",
    f'<img src=x onerror="{RUN}">',
    f"<img src=x onerror={RUN}//",  # unclosed
    f"<svg onload={RUN}><circle r=1></svg>",
    f"<svg><script>{RUN}</script></svg>",
    f'<svg><a xlink:href="javascript:{RUN}"><text y=9>x</text></a></svg>',
    f"<math><mtext><table><mglyph><style><img src=x onerror={RUN}>",
    f'<math href="javascript:{RUN}">x</math>',
    f'<a href="javascript:{RUN}">js</a>',
    '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">ent</a>',
    '<a href="&#x6A;avascript&colon;alert(1)">colon</a>',
    '<a href=" \x01javascript:alert(1)">control</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<a href="jаvascript:alert(1)">homoglyph</a>',  # Cyrillic а
    '<a href="ｊａｖａｓｃｒｉｐｔ:alert(1)">fullwidth</a>',
    '\u202e<a href="javascript:alert(1)">gpj.exe</a>\u202c',  # right-to-left override
    f'<iframe src="javascript:{RUN}"></iframe>',
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    f'<details open ontoggle="{RUN}">d</details>',
    f'<input autofocus onfocus="{RUN}">',
    f'<video><source onerror="{RUN}"></video>',
    f'<body onload="{RUN}">',
    '<p style="background:url(javascript:alert(1))">css url</p>',
    '<div style="width:expression(alert(1))">css expression</div>',
    "<style>@import 'javascript:alert(1)';body{background:url(//evil.example/x)}</style>",
    '<object data="data:text/html,<script>parent.__pwned=1</script>"></object>',
    '<embed src="javascript:alert(1)">',
    f'<form action="javascript:{RUN}"><button>go</button></form>',
    f'<button formaction="javascript:{RUN}">go</button>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{RUN}">',
    '<base href="javascript:alert(1)//">',
    f'"><script>{RUN}</script>',
    f"'><img src=x onerror={RUN}>",
    f"</textarea><script>{RUN}</script>",
    f"</title><script>{RUN}</script>",
    f"</script><script>{RUN}</script>",
    f'<!--<img src="--><img src=x onerror={RUN}//">',
    f"<scr<script>ipt>{RUN}</scr</script>ipt>",
    "{{ 7|add:7 }}{% debug %}${alert(1)}",
]
EVERYTHING = "\n".join(f"<p>{payload}</p>" for payload in PAYLOADS)

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "{http://www.w3.org/1999/xlink}href",
    "data",
    "poster",
    "background",
    "srcset",
}
DANGEROUS_ELEMENTS = {"iframe", "frame", "object", "embed", "base", "applet"}
DATA_BLOCKS = {"application/ld+json", "application/json", "importmap"}


def _scheme(value):
    # As browsers read it: leading spaces and control characters, tabs and newlines anywhere
    # are ignored.
    cleaned = re.sub(r"[\t\n\r]", "", value).lstrip("\x00\x01\x02\x03\x04\x05 \x0b\x0c\x1f")
    return cleaned.split(":", 1)[0].lower() if ":" in cleaned.split("/", 1)[0] else ""


def executable_markup(html):
    """What in `html` could run script: elements, handlers, URLs and styles. [] when none."""
    if not html.strip():
        return []
    found = []
    for element in lxml.html.fromstring(html).iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        name = tag.rsplit("}", 1)[-1].lower()
        if name == "script":
            kind = (element.get("type") or "").lower()
            if element.get("src", "").startswith(("/static/", "/admin/jsi18n/", "/api/v1/docs/")):
                continue
            if kind in DATA_BLOCKS:
                json.loads(element.text or "null")  # data, not code
                continue
            if element.get("nonce"):
                continue  # our own inline scripts; the policy runs only these
            found.append(f"<script> {lxml.html.tostring(element)[:80]!r}")
        if name in DANGEROUS_ELEMENTS:
            found.append(f"<{name}>")
        if name == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
        if name == "style" and not element.get("nonce"):
            found.append("<style> without the nonce")
        for attribute, value in element.attrib.items():
            attribute = attribute.lower()
            if attribute.startswith("on"):
                found.append(f"<{name} {attribute}>")
            elif attribute == "srcdoc":
                found.append(f"<{name} srcdoc>")
            elif attribute in URL_ATTRIBUTES and _scheme(value) in {
                "javascript",
                "vbscript",
                "data",
            }:
                found.append(f"<{name} {attribute}={value[:60]!r}>")
            elif attribute == "style" and re.search(r"expression|javascript:|url\(", value, re.I):
                found.append(f"<{name} style={value[:60]!r}>")
    return found


def plant(*, editor_client, writer_api, editor_api):
    """Send the payloads in through every input path and publish what they made.

    The admin: sections, authors and tags (one per payload), articles (one per payload in
    every text field and the tag widget, all payloads in the body) with workflow notes and
    corrections; the importer (a text file per payload); the API (create and update).
    Returns {"articles": [...], "sections": [...], "authors": [...], "tags": [...]}.
    """
    from articles.models import Article, Author, Section

    made = {"articles": [], "sections": [], "authors": [], "tags": []}
    forms = {
        name: admin_form(editor_client, f"/admin/articles/{name}/add/")
        for name in ("section", "author", "article")
    }
    for number, payload in enumerate(PAYLOADS):
        short = payload[:100]
        response = editor_client.post(
            "/admin/articles/section/add/",
            {
                **forms["section"],
                "name": short,
                "slug": f"hostile-{number}",
                "description": payload,
            },
        )
        assert response.status_code == 302, response.content[:2000]
        section = Section.objects.get(slug=f"hostile-{number}")
        response = editor_client.post(
            "/admin/articles/author/add/",
            {
                **forms["author"],
                "name": short,
                "slug": f"hostile-author-{number}",
                "job_title": short,
                "bio": payload,
            },
        )
        assert response.status_code == 302, response.content[:2000]
        author = Author.objects.get(slug=f"hostile-author-{number}")
        response = editor_client.post(
            "/admin/taggit/tag/add/",
            {"name": f"{short[:90]} {number}", "slug": f"hostile-tag-{number}"},
        )
        assert response.status_code == 302, response.content[:2000]
        response = editor_client.post(
            "/admin/articles/article/add/",
            {
                **forms["article"],
                "headline": payload,
                "slug": f"hostile-article-{number}",
                "standfirst": payload,
                "body": EVERYTHING,
                "section": section.pk,
                # The tag widget sends names; a new name makes a new tag.
                "tags": [short, f"{short[:90]} {number}", "Hostile"],
                "meta_description": short,
                "lead_image_alt": short,
                "lead_image_caption": short,
                "lead_image_credit": short,
                "workflow_comment": payload,
                "bylines-0-author": author.pk,
                "_workflow": "publish",
            },
        )
        assert response.status_code == 302, response.content[:3000]
        article = Article.objects.get(slug=f"hostile-article-{number}")
        assert article.is_published(), article.status
        made["sections"].append(section)
        made["authors"].append(author)
        made["articles"].append(article)

    # A correction and an edit holding every payload, so that the article page, the
    # history and the diff show them too.
    first = made["articles"][0]
    corrected = editor_api.post(f"/api/v1/articles/{first.pk}/corrections/", {"text": EVERYTHING})
    assert corrected.status_code == 201, corrected.content
    edited = editor_api.patch(
        f"/api/v1/articles/{first.pk}/",
        {"standfirst": f"{PAYLOADS[2]} (edited)", "body": f"<p>Edited</p>{EVERYTHING}"},
        headers={"If-Match": "*"},
    )
    assert edited.status_code == 200, edited.content

    # The importer, through the admin's upload form: plain text, whatever it looks like.
    files = [
        SimpleUploadedFile(
            f"hostile-{number}.txt",
            f"{payload}\n\n{payload}\n\nA paragraph with {payload} inside.\n".encode(),
            content_type="text/plain",
        )
        for number, payload in enumerate(PAYLOADS)
    ]
    response = editor_client.post(
        "/admin/articles/article/import/",
        {"files": files, "section": made["sections"][0].pk, "tags": PAYLOADS[0][:100]},
    )
    assert response.status_code == 302
    imported = list(Article.objects.filter(external_id__startswith="file:uploads/hostile-"))
    assert len(imported) == len(PAYLOADS)

    # The API: a writer's drafts, changed by an editor, published.
    for number, payload in enumerate(PAYLOADS):
        created = writer_api.post("/api/v1/articles/", created_fields(number, payload, made))
        assert created.status_code == 201, created.content
        pk = created.json()["id"]
        # An update by PUT (PATCH is above): the payload replaces the headline.
        updated = (
            editor_api.put(
                f"/api/v1/articles/{pk}/",
                {**created_fields(number, payload, made), "headline": f"{payload} (replaced)"},
                headers={"If-Match": "*"},
            )
            if number % 8 == 0
            else created
        )
        assert updated.status_code in (200, 201), updated.content
        imported.append(Article.objects.get(pk=pk))
    for article in imported:
        published = editor_api.post(
            f"/api/v1/articles/{article.pk}/publish/", {"comment": PAYLOADS[1]}
        )
        assert published.status_code == 200, published.content
    made["articles"] += imported
    return made


def created_fields(number, payload, made):
    return {
        "headline": payload,
        "standfirst": payload,
        "body": EVERYTHING,
        "section": made["sections"][number].slug,
        "tags": [payload[:100], "Hostile"],
        "bylines": [made["authors"][number].slug],
        "meta_description": payload[:300],
        "lead_image_caption": payload,
    }
