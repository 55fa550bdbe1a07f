"""Uploaded images (Wagtail's image library): Pillow's limits set from our
settings, and an upload form on which anything Pillow cannot decode whole is a
form error, never a server error.

Wagtail's own field checks the extension, the format Willow detects from the
first bytes (so an HTML or SVG file named `.png` is refused) and the pixel
count; but it reads the image's size with Pillow without catching Pillow's own
refusals (a PNG text chunk past `MAX_TEXT_CHUNK` raises ValueError), and it
never decodes the pixels, so a truncated file is stored and fails later, when a
reader's page asks for a rendition. Here the first frame is decoded at upload,
within the pixel limit, with every error Pillow raises for a bad file turned
into a message.
"""

import struct
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, PngImagePlugin
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

# What Pillow raises for files that are damaged, cut short, or built to hurt.
PILLOW_ERRORS = (
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
    ValueError,  # text chunks past MAX_TEXT_CHUNK / MAX_TEXT_MEMORY, bad headers
    OSError,  # truncated data, unknown or broken encodings
    SyntaxError,  # Pillow's parsers raise it for malformed headers
    EOFError,
    IndexError,
    KeyError,
    TypeError,
    struct.error,
    zlib.error,
    MemoryError,
)


def apply_pillow_limits():
    """Set Pillow's module-wide limits from settings (called when Django starts,
    and by processes that decode images without Django)."""
    Image.MAX_IMAGE_PIXELS = settings.MASTHEAD_IMAGE_MAX_PIXELS
    PngImagePlugin.MAX_TEXT_CHUNK = settings.MASTHEAD_IMAGE_MAX_TEXT_CHUNK_BYTES
    PngImagePlugin.MAX_TEXT_MEMORY = settings.MASTHEAD_IMAGE_MAX_TEXT_MEMORY_BYTES
    ImageFile.LOAD_TRUNCATED_IMAGES = False


def decode_check(file):
    """Decode the first frame of an image file; raise ValidationError if Pillow
    cannot, or if it is larger than the pixel limit."""
    position = file.tell() if hasattr(file, "tell") else None
    try:
        with Image.open(file) as image:
            width, height = image.size
            if width * height * getattr(image, "n_frames", 1) > settings.MASTHEAD_IMAGE_MAX_PIXELS:
                raise Image.DecompressionBombError(f"{width * height} pixels")
            image.load()
    except PILLOW_ERRORS as error:
        raise ValidationError(message_for(error), code="invalid_image") from None
    finally:
        if position is not None:
            file.seek(position)


def message_for(error):
    if isinstance(error, (Image.DecompressionBombError, Image.DecompressionBombWarning)):
        return _("This image has more pixels than the limit of %(limit)s megapixels.") % {
            "limit": f"{settings.MASTHEAD_IMAGE_MAX_PIXELS / 1e6:.0f}"
        }
    if isinstance(error, ValueError) and ("Decompressed" in str(error) or "text chunks" in str(error)):
        return _("This image carries more embedded text or metadata than is allowed. Export it again without it.")
    if isinstance(error, MemoryError):
        return _("This image is too large to process.")
    return _("This image is damaged or incomplete and cannot be read. Export it again and upload the whole file.")


class CheckedImageField(WagtailImageField):
    def to_python(self, data):
        try:
            uploaded = super().to_python(data)
        except ValidationError:
            raise
        except PILLOW_ERRORS as error:
            raise ValidationError(message_for(error), code="invalid_image") from None
        if uploaded is not None and uploaded.image.format_name != "svg":
            decode_check(uploaded)
        return uploaded


class ImageForm(BaseImageForm):
    """The base of every image form in the admin (`WAGTAILIMAGES_IMAGE_FORM_BASE`):
    single upload, the multiple uploader and the edit form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and type(field) is WagtailImageField:
            field.__class__ = CheckedImageField
