"""Lead images: responsive WebP and JPEG renditions made once, and a link-preview crop."""

from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import etree
from PIL import Image

from articles import images
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def jpeg(width, height, colour=(200, 30, 30)):
    buffer = BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def illustrated(section, author, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return ArticleFactory(
        section=section,
        authors=[author],
        lead_image=jpeg(2000, 1000),
        lead_image_alt="Delegates in the hall",
        lead_image_caption="The summit opened on Monday.",
        lead_image_credit="Reuters/Yves Herman",
    )


def opened(url):
    with default_storage.open(url.removeprefix("/media/")) as file:
        image = Image.open(BytesIO(file.read()))
        return image.format, image.size


def test_renditions_in_several_widths_and_two_formats(illustrated):
    picture = images.picture(illustrated)

    assert [r.width for r in picture.webp] == [480, 800, 1200, 1600]
    assert [(r.width, r.height) for r in picture.jpeg] == [
        (480, 240),
        (800, 400),
        (1200, 600),
        (1600, 800),
    ]
    assert opened(picture.webp[0].url) == ("WEBP", (480, 240))
    assert opened(picture.jpeg[-1].url) == ("JPEG", (1600, 800))


def test_renditions_are_made_once(illustrated, monkeypatch):
    images.picture(illustrated)
    monkeypatch.setattr(images, "_make_renditions", lambda *args: pytest.fail("made again"))

    assert images.picture(illustrated) is not None


def test_small_images_are_never_enlarged(section, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = ArticleFactory(section=section, lead_image=jpeg(600, 400))

    assert [r.width for r in images.picture(article).jpeg] == [480, 600]


def test_link_preview_is_1200_by_630(illustrated):
    preview = images.link_preview(illustrated)

    assert (preview.width, preview.height) == (1200, 630)
    assert opened(preview.url) == ("JPEG", (1200, 630))


def test_an_unreadable_image_falls_back_to_the_original(section, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = ArticleFactory(section=section)
    article.lead_image.save(
        "broken.jpg", SimpleUploadedFile("broken.jpg", b"not an image"), save=False
    )

    assert images.picture(article) is None
    assert images.link_preview(article) is None


def test_article_page_offers_a_picture_with_sizes_and_fallback(client, illustrated):
    page = etree.HTML(client.get(illustrated.get_absolute_url()).content)

    [source] = page.xpath('//figure[@class="lead-image"]//source')
    [img] = page.xpath('//figure[@class="lead-image"]//img')
    assert source.get("type") == "image/webp"
    assert source.get("srcset").count("w,") == 3
    assert source.get("sizes")
    assert img.get("src").endswith("/1600.jpg")
    assert (img.get("width"), img.get("height")) == ("1600", "800")
    assert img.get("alt") == "Delegates in the hall"
    assert img.get("loading") is None  # the lead image is above the fold
    caption = "".join(page.xpath('//figure[@class="lead-image"]/figcaption//text()'))
    assert "The summit opened on Monday." in caption and "Reuters/Yves Herman" in caption
    assert page.xpath('//meta[@property="og:image"]/@content')[0].endswith("preview-1200x630.jpg")


def test_list_images_load_lazily(client, illustrated):
    ArticleFactory(section=illustrated.section)  # so that the illustrated one is not the lead
    ArticleFactory(section=illustrated.section)
    page = etree.HTML(client.get("/world/").content)

    [img] = page.xpath('//article[contains(@class, "card")]//img')
    assert img.get("loading") == "lazy"
    assert img.get("width") and img.get("height")
