"""Browser and validator fixtures: Debian's Chromium through Playwright, vnu.jar on Java.

Under CI=true a missing tool fails the tests that need it; elsewhere they are skipped with
the reason, so a laptop without Java or Chromium can still run the rest of the suite.
"""

import os
import shutil
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image, ImageDraw

from articles.models import Article, Section
from tests.factories import ArticleFactory, AuthorFactory

ROOT = Path(settings.BASE_DIR)
SCREENSHOTS = ROOT / "var" / "screenshots"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = {"phone": 320, "desktop": 1280}


def require(available, reason):
    if not available:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (required in CI)")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def vnu():
    java = shutil.which("java")
    require(java, "Java is not installed: the Nu HTML Checker needs it")
    require(VNU_JAR.exists(), f"{VNU_JAR} is missing: run `npm ci`")
    return [java, "-jar", str(VNU_JAR)]


@pytest.fixture(scope="session")
def axe_script():
    require(AXE.exists(), f"{AXE} is missing: run `npm ci`")
    return AXE


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    require(executable, "Chromium is not installed (Debian package `chromium`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "The playwright package is not installed")
    # Playwright's sync API keeps an event loop in this thread, which makes Django refuse
    # ORM calls from the tests' own (synchronous) fixtures; they are safe here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def open_page(browser, live_server):
    """Open a path at a width; fail on any request to another host."""
    contexts = []

    def open_page(path, *, width=1280, **options):
        context = browser.new_context(viewport={"width": width, "height": 900}, **options)
        contexts.append(context)
        page = context.new_page()
        foreign = []
        page.on(
            "request",
            lambda request: (
                foreign.append(request.url)
                if urlsplit(request.url).netloc not in ("", urlsplit(live_server.url).netloc)
                and not request.url.startswith("data:")
                else None
            ),
        )
        page.goto(live_server.url + path)
        page.foreign_requests = foreign
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def photo():
    """A made-up landscape, so lead images are real JPEGs without shipping any."""
    image = Image.new("RGB", (1800, 1000), (38, 84, 124))
    draw = ImageDraw.Draw(image)
    for band in range(0, 1000, 70):
        draw.rectangle([0, band, 1800, band + 35], fill=(60 + band // 9, 110, 150))
    draw.ellipse([1200, 150, 1500, 450], fill=(240, 200, 90))
    draw.polygon([(0, 1000), (700, 450), (1300, 1000)], fill=(40, 70, 50))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile("harbour.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def reader_site(transactional_db, settings, tmp_path):
    """The seed article plus an illustrated one in another section: every page type has
    something to show. Returns each page type's address."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("loaddata", ROOT / "fixtures" / "seed.json", verbosity=0)
    seed = Article.objects.get()
    business = Section.objects.create(name="Business", slug="business", position=5)
    illustrated = ArticleFactory(
        section=business,
        headline="Harbour trade reaches a record as shipping lanes reopen",
        standfirst="Container traffic through the port rose by a fifth in the last quarter.",
        body="<p>Port officials said the figures reflected the reopening of routes.</p>"
        "<h2>What changed</h2><p>New cranes doubled the number of ships handled each day.</p>",
        tags=["Trade", "Shipping"],
        authors=[AuthorFactory(name="Amara Okafor", slug="amara-okafor", bio="Economics editor.")],
        lead_image=photo(),
        lead_image_alt="Cranes over a container ship at dusk",
        lead_image_caption="The port at dusk.",
        lead_image_credit="Newsroom/Staff",
        published_at=timezone.now() - timedelta(hours=1),
    )
    return {
        "front-page": "/",
        "section": "/world/",
        "article": seed.get_absolute_url(),
        "article-with-image": illustrated.get_absolute_url(),
        "tag": "/tags/nato/",
        "author": "/authors/newsroom-staff/",
        "archive": "/archive/",
        "archive-year": "/archive/2025/",
        "archive-month": "/archive/2025/03/",
        "search": "/search/?q=rutte",
        "not-found": "/no-such-page/",
    }


@pytest.fixture
def new_page(browser):
    """A fresh browser context (its own cookies) per call: one per person in a story."""
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
