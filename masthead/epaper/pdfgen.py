"""Synthetic newspaper PDFs for the demo group, the benchmark and the tests.

A small writer of plain PDF 1.4 (standard fonts, one JPEG photo per page), so
generating an edition needs no extra dependency. The text is made up from a
fixed vocabulary; nothing is copied from a real publication.
"""

import datetime
import io
import random
import textwrap

from PIL import Image, ImageDraw

TABLOID = (792, 1224)  # 11 x 17 inches, in points
A4 = (595, 842)

_VOCABULARY_TEXT = (
    "council harbour plan residents meeting road school bridge funding county market weather festival "
    "community library hospital ferry station volunteers report minister budget housing coast river "
    "farmers season tourism league final club coach players supporters match goal draw victory "
    "committee proposal objection planning permission development village town centre traffic bus "
    "route parking lifeboat crew rescue fishing boats quay pier lighthouse repairs works contract "
    "tender heritage museum exhibition artists concert choir parish fundraiser charity appeal award "
    "students teachers exams results college apprenticeships jobs factory closure investment growth"
)
VOCABULARY = _VOCABULARY_TEXT.split()


def _sentence(rng, words=None):
    words = words or rng.randint(8, 18)
    text = " ".join(rng.choice(VOCABULARY) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _pdf_string(text):
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return "(" + escaped.encode("latin-1", "replace").decode("latin-1") + ")"


def _photo_jpeg(rng, width=900, height=600):
    image = Image.new("RGB", (width, height), (rng.randint(40, 120), rng.randint(60, 140), rng.randint(90, 180)))
    draw = ImageDraw.Draw(image)
    for _ in range(24):
        x, y = rng.randint(0, width), rng.randint(0, height)
        radius = rng.randint(20, 160)
        colour = (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    for row in range(0, height, 6):
        shade = (row * 255) // height
        draw.line((0, row, width, row), fill=(shade, shade, 255 - shade), width=1)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue(), width, height


class _Writer:
    def __init__(self):
        self.objects = []

    def add(self, body):
        self.objects.append(body if isinstance(body, bytes) else body.encode("latin-1"))
        return len(self.objects)

    def reserve(self):
        self.objects.append(None)
        return len(self.objects)

    def set(self, number, body):
        self.objects[number - 1] = body if isinstance(body, bytes) else body.encode("latin-1")

    def stream(self, dictionary, data):
        return self.add(f"<< {dictionary} /Length {len(data)} >>\nstream\n".encode("latin-1") + data + b"\nendstream")

    def output(self, root, trailer_extra=""):
        out = io.BytesIO()
        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.objects, start=1):
            offsets.append(out.tell())
            out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
        xref = out.tell()
        out.write(f"xref\n0 {len(self.objects) + 1}\n0000000000 65535 f \n".encode())
        for offset in offsets:
            out.write(f"{offset:010d} 00000 n \n".encode())
        trailer = f"trailer\n<< /Size {len(self.objects) + 1} /Root {root} 0 R {trailer_extra}>>\n"
        out.write(trailer.encode() + f"startxref\n{xref}\n%%EOF\n".encode())
        return out.getvalue()


def _page_content(rng, *, size, masthead, date_line, number, photo):
    width, height = size
    margin = 36
    ops = []
    top = height - margin
    if number == 1:
        ops.append(f"BT /F2 44 Tf {margin} {top - 40} Td {_pdf_string(masthead)} Tj ET")
        ops.append(f"BT /F1 10 Tf {margin} {top - 58} Td {_pdf_string(date_line)} Tj ET")
        ops.append(f"{margin} {top - 66} {width - 2 * margin} 1.5 re f")
        top -= 80
    else:
        folio = f"{masthead}  |  {date_line}  |  Page {number}"
        ops.append(f"BT /F1 8 Tf {margin} {top - 8} Td {_pdf_string(folio)} Tj ET")
        top -= 20
    headline = _sentence(rng, rng.randint(4, 7)).rstrip(".")
    for index, line in enumerate(textwrap.wrap(headline, 34)[:2]):
        ops.append(f"BT /F2 30 Tf {margin} {top - 30 - index * 34} Td {_pdf_string(line)} Tj ET")
    top -= 100
    if photo is not None:
        photo_width = width - 2 * margin
        photo_height = photo_width * 2 / 3 * 0.6
        ops.append(f"q {photo_width:.1f} 0 0 {photo_height:.1f} {margin} {top - photo_height:.1f} cm /Im1 Do Q")
        top -= photo_height + 16
    gutter, leading = 12, 9.5
    columns = max(1, min(5, int((width - 2 * margin) / 120)))
    column_width = max(20, (width - 2 * margin - (columns - 1) * gutter) / columns)
    chars_per_line = max(8, int(column_width / 4.1))
    lines_per_column = int((top - margin) / leading)
    for column in range(columns):
        x = margin + column * (column_width + gutter)
        lines = []
        while len(lines) < lines_per_column:
            paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))
            lines.extend(textwrap.wrap(paragraph, chars_per_line))
            lines.append("")
        body = " T* ".join(f"{_pdf_string(line)} Tj" for line in lines[:lines_per_column])
        ops.append(f"BT /F3 8 Tf {leading} TL {x:.1f} {top:.1f} Td {body} ET")
    return "\n".join(ops).encode("latin-1")


def build_edition_pdf(
    *,
    masthead="The Demo Courier",
    date=None,
    pages=4,
    seed=1,
    size=TABLOID,
    photos=True,
    encrypted=False,
):
    """Bytes of a newspaper edition: a masthead on page 1, then per page a
    headline, a photo and five columns of text. `encrypted` adds a standard
    security handler whose password nobody knows; `pages=0` gives a file with
    an empty page tree (both for testing what the importer refuses)."""
    rng = random.Random(seed)
    date = date or datetime.date(2026, 1, 1)
    date_line = f"{date:%A %d %B %Y}"
    writer = _Writer()
    catalog = writer.reserve()
    pages_root = writer.reserve()
    regular = writer.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    bold = writer.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    serif = writer.add("<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>")
    fonts = f"/F1 {regular} 0 R /F2 {bold} 0 R /F3 {serif} 0 R"
    kids = []
    for number in range(1, pages + 1):
        photo = None
        xobjects = ""
        if photos:
            jpeg, photo_width, photo_height = _photo_jpeg(rng)
            photo = writer.stream(
                f"/Type /XObject /Subtype /Image /Width {photo_width} /Height {photo_height} "
                "/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode",
                jpeg,
            )
            xobjects = f"/XObject << /Im1 {photo} 0 R >>"
        content = writer.stream(
            "",
            _page_content(rng, size=size, masthead=masthead, date_line=date_line, number=number, photo=photo),
        )
        kids.append(
            writer.add(
                f"<< /Type /Page /Parent {pages_root} 0 R /MediaBox [0 0 {size[0]} {size[1]}] "
                f"/Resources << /Font << {fonts} >> {xobjects} >> /Contents {content} 0 R >>"
            )
        )
    writer.set(catalog, f"<< /Type /Catalog /Pages {pages_root} 0 R >>")
    kids_list = " ".join(f"{kid} 0 R" for kid in kids)
    writer.set(pages_root, f"<< /Type /Pages /Kids [{kids_list}] /Count {len(kids)} >>")
    trailer_extra = ""
    if encrypted:
        encrypt = writer.add(
            f"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <{'a5' * 32}> /U <{'5a' * 32}> >>"
        )
        trailer_extra = f"/Encrypt {encrypt} 0 R /ID [<{'01' * 16}> <{'01' * 16}>] "
    return writer.output(catalog, trailer_extra)
