"""PDF checks and page rendering: plain functions on files, no Django.

They run in worker processes of a process pool, so this module imports only
pypdfium2 and Pillow. Encoder settings were chosen by measurement (see
`bench/bench_epaper.py`): rendering a tabloid page costs tens of milliseconds,
WebP encoding dominates, and `method=0` is several times faster than the
default `method=4` for a few per cent more bytes.
"""

import os
from dataclasses import asdict, dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

PDF_HEADER = b"%PDF-"
# pdfium's error codes (FPDF_ERR_*) for a document that will not open.
_PDFIUM_ERRORS = {
    0: "The PDF has no pages, or its page tree is broken.",
    1: "The PDF could not be read.",
    2: "The PDF could not be read.",
    3: "The PDF is damaged: its structure cannot be read. Export it again from the layout program.",
    4: "The PDF is encrypted or password-protected. Export it again without security settings.",
    5: "The PDF is encrypted with a security handler that is not supported. Export it without security settings.",
    6: "The PDF's pages could not be read.",
}


class PdfRejected(ValueError):
    """An upload we refuse, with a message an editor can act on."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_pages: int
    max_page_points: float
    max_pixels: int


@dataclass(frozen=True)
class RenderSpec:
    screen_width: int = 1000
    zoom_width: int = 1600
    thumb_width: int = 160
    cover_width: int = 480
    screen_quality: int = 80
    zoom_quality: int = 70
    thumb_quality: int = 70
    webp_method: int = 0

    def as_dict(self):
        return asdict(self)


@dataclass(frozen=True)
class PdfInfo:
    page_count: int
    page_sizes: tuple


def _scaled_height(width_points, height_points, target_width):
    return max(1, round(height_points * target_width / width_points))


def inspect_pdf(path, limits, spec):
    """Check a PDF file before any of it is processed; raise PdfRejected with
    the reason, or return its page count and sizes."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise PdfRejected("The file is empty.")
    if size > limits.max_bytes:
        raise PdfRejected(f"The file is {_megabytes(size)}; the limit is {_megabytes(limits.max_bytes)}.")
    with path.open("rb") as handle:
        head = handle.read(1024)
        handle.seek(max(0, size - 2048))
        tail = handle.read()
    if not head.startswith(PDF_HEADER):
        # At offset 0, not merely near the start: a file that begins as
        # something else (HTML, an image) is a polyglot, whatever follows.
        raise PdfRejected("This is not a PDF file (a PDF begins with %PDF-).")
    if b"%%EOF" not in tail:
        raise PdfRejected("The PDF is incomplete (the file was cut short). Upload the whole file again.")
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        raise PdfRejected(_open_failure_reason(path, getattr(error, "err_code", 1))) from None
    try:
        if pdfium.raw.FPDF_GetSecurityHandlerRevision(document.raw) != -1:
            raise PdfRejected(_PDFIUM_ERRORS[4])
        page_count = len(document)
        if page_count == 0:
            raise PdfRejected(_PDFIUM_ERRORS[0])
        if page_count > limits.max_pages:
            raise PdfRejected(f"The PDF has {page_count} pages; the limit is {limits.max_pages}.")
        sizes = []
        for index in range(page_count):
            width, height = document.get_page_size(index)
            _check_page_size(index + 1, width, height, limits, spec)
            sizes.append((width, height))
    finally:
        document.close()
    return PdfInfo(page_count=page_count, page_sizes=tuple(sizes))


def _mentions(path, marker):
    overlap = len(marker)
    previous = b""
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            if marker in previous[-overlap:] + chunk:
                return True
            previous = chunk
    return False


def _open_failure_reason(path, error_code):
    """pdfium keeps its last error per thread and does not always reset it, so
    the encryption case is told from the file itself."""
    if _mentions(path, b"/Encrypt"):
        return _PDFIUM_ERRORS[4]
    if error_code in (0, 4):
        return _PDFIUM_ERRORS[0]
    return _PDFIUM_ERRORS.get(error_code, _PDFIUM_ERRORS[1])


def _check_page_size(number, width, height, limits, spec):
    if width < 1 or height < 1:
        raise PdfRejected(f"Page {number} has no size.")
    if max(width, height) > limits.max_page_points:
        raise PdfRejected(
            f"Page {number} is {width / 72 * 25.4:.0f} × {height / 72 * 25.4:.0f} mm; "
            f"pages larger than {limits.max_page_points / 72 * 25.4:.0f} mm on a side are refused."
        )
    pixels = spec.zoom_width * _scaled_height(width, height, spec.zoom_width)
    if pixels > limits.max_pixels:
        raise PdfRejected(
            f"Page {number} would decode to a {pixels / 1e6:.0f}-megapixel image; the limit is "
            f"{limits.max_pixels / 1e6:.0f} megapixels. Check the page size."
        )


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f} MB"


def page_file_names(number):
    return {
        "screen": f"p{number:04d}.webp",
        "zoom": f"p{number:04d}-zoom.webp",
        "thumb": f"p{number:04d}-thumb.webp",
    }


COVER_FILE_NAME = "cover.webp"
SOURCE_FILE_NAME = "source.pdf"  # the sanitised copy readers may download
ORIGINAL_FILE_NAME = "original.pdf"  # the upload as it came, never served

_open_documents = {}


def _document(pdf_path):
    """One open document per worker process, reused for every page it renders."""
    document = _open_documents.get(pdf_path)
    if document is None:
        for stale in _open_documents.values():
            stale.close()
        _open_documents.clear()
        document = _open_documents[pdf_path] = pdfium.PdfDocument(pdf_path)
    return document


def close_documents():
    """Close the documents this process keeps open (for rendering in-process)."""
    for document in _open_documents.values():
        document.close()
    _open_documents.clear()


def _render(page, width_points, target_width):
    return page.render(scale=target_width / width_points, may_draw_forms=False).to_pil().convert("RGB")


def _save_webp(image, path, quality, method):
    temporary = f"{path}.part"
    image.save(temporary, "WEBP", quality=quality, method=method)
    os.replace(temporary, path)


def render_page(pdf_path, number, out_dir, spec_dict):
    """Render page `number` (1-based) into `out_dir`: screen, zoom and thumbnail
    WebP images (and the public cover for page 1); return the sizes and text."""
    spec = RenderSpec(**spec_dict)
    out_dir = Path(out_dir)
    page = _document(str(pdf_path))[number - 1]
    try:
        width_points, _height_points = page.get_size()
        names = page_file_names(number)
        zoom = _render(page, width_points, spec.zoom_width)
        _save_webp(zoom, out_dir / names["zoom"], spec.zoom_quality, spec.webp_method)
        screen = _render(page, width_points, spec.screen_width)
        _save_webp(screen, out_dir / names["screen"], spec.screen_quality, spec.webp_method)
        thumb = screen.resize(
            (spec.thumb_width, _scaled_height(screen.width, screen.height, spec.thumb_width)),
            Image.Resampling.LANCZOS,
            reducing_gap=2.0,
        )
        _save_webp(thumb, out_dir / names["thumb"], spec.thumb_quality, spec.webp_method)
        if number == 1:
            cover = screen.resize(
                (spec.cover_width, _scaled_height(screen.width, screen.height, spec.cover_width)),
                Image.Resampling.LANCZOS,
                reducing_gap=2.0,
            )
            _save_webp(cover, out_dir / COVER_FILE_NAME, spec.screen_quality, spec.webp_method)
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_bounded()
        finally:
            textpage.close()
    finally:
        page.close()
    return {
        "number": number,
        "width": screen.width,
        "height": screen.height,
        "zoom_width": zoom.width,
        "zoom_height": zoom.height,
        "thumb_width": thumb.width,
        "thumb_height": thumb.height,
        "text": clean_text(text),
    }


def clean_text(text):
    """Normalise line ends and drop control characters pdfium can return."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return "".join(char for char in text if char == "\n" or char == "\t" or ord(char) >= 32).strip()
