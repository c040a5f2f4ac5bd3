"""
Lead-image renditions: the sizes and formats pages offer browsers, made once with Pillow.

A rendition is stored beside the uploads (`renditions/…` in the default storage) the
first time a page needs it and reused from then on; its name carries a digest of the
original's name and size, so replacing an image makes new renditions.
"""

import hashlib
import logging
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

WIDTHS = (480, 800, 1200, 1600)
FORMATS = {"webp": ("WEBP", {"quality": 80, "method": 4}), "jpg": ("JPEG", {"quality": 82})}
PREVIEW_SIZE = (1200, 630)


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class Picture:
    """What a <picture> needs: srcset per format and the fallback <img>'s size."""

    webp: list
    jpeg: list

    @property
    def fallback(self):
        return self.jpeg[-1]

    @staticmethod
    def srcset(renditions):
        return ", ".join(f"{r.url} {r.width}w" for r in renditions)

    @property
    def webp_srcset(self):
        return self.srcset(self.webp)

    @property
    def jpeg_srcset(self):
        return self.srcset(self.jpeg)


def _folder(article):
    image = article.lead_image
    digest = hashlib.sha256(
        f"{image.name}:{article.lead_image_width}x{article.lead_image_height}".encode()
    ).hexdigest()[:12]
    return PurePosixPath("renditions") / f"{PurePosixPath(image.name).stem[:40]}-{digest}"


def _widths(article):
    largest = min(article.lead_image_width or WIDTHS[0], WIDTHS[-1])
    return [width for width in WIDTHS if width < largest] + [largest]


def _height(article, width):
    if not (article.lead_image_width and article.lead_image_height):
        return width
    return round(article.lead_image_height * width / article.lead_image_width)


def picture(article):
    """The article's lead image in several widths as WebP and JPEG, or None if it has none
    (or it cannot be read: the page then shows the original)."""
    if not article.lead_image:
        return None
    folder = _folder(article)
    widths = _widths(article)
    names = {(w, ext): str(folder / f"{w}.{ext}") for w in widths for ext in FORMATS}
    # Written last, so its presence means the whole set is there.
    if not default_storage.exists(names[widths[-1], "jpg"]):
        try:
            _make_renditions(article, names, widths)
        except (OSError, ValueError, Image.DecompressionBombError):
            logger.exception("Cannot make renditions of %s", article.lead_image.name)
            return None
    return Picture(
        **{
            key: [
                Rendition(default_storage.url(names[w, ext]), w, _height(article, w))
                for w in widths
            ]
            for key, ext in (("webp", "webp"), ("jpeg", "jpg"))
        }
    )


def _open(article):
    with article.lead_image.open("rb") as file:
        image = Image.open(BytesIO(file.read()))
        image.load()
    image = ImageOps.exif_transpose(image)
    return image.convert("RGB")


def _save(image, name, ext):
    pil_format, options = FORMATS[ext]
    buffer = BytesIO()
    image.save(buffer, pil_format, **options)
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(buffer.getvalue()))


def _make_renditions(article, names, widths):
    original = _open(article)
    for width in widths:
        resized = original.resize(
            (width, _height(article, width)), Image.Resampling.LANCZOS, reducing_gap=3.0
        )
        for ext in sorted(FORMATS, reverse=True):  # webp, then jpg
            _save(resized, names[width, ext], ext)


def link_preview(article):
    """A 1200×630 JPEG cropped from the centre of the lead image, for og:image; or None."""
    if not article.lead_image:
        return None
    name = str(_folder(article) / "preview-1200x630.jpg")
    if not default_storage.exists(name):
        try:
            _save(ImageOps.fit(_open(article), PREVIEW_SIZE, Image.Resampling.LANCZOS), name, "jpg")
        except (OSError, ValueError, Image.DecompressionBombError):
            logger.exception("Cannot make a link preview of %s", article.lead_image.name)
            return None
    return Rendition(default_storage.url(name), *PREVIEW_SIZE)
