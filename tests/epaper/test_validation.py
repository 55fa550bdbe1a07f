"""What the importer refuses, checked on the files themselves (no database)."""

import pytest

from masthead.epaper.jobs import parse_drop_name
from masthead.epaper.pdfgen import A4, build_edition_pdf
from masthead.epaper.render import Limits, PdfRejected, RenderSpec, inspect_pdf
from masthead.epaper.text import paragraphs

LIMITS = Limits(max_bytes=5 * 1024 * 1024, max_pages=20, max_page_points=3000, max_pixels=16_000_000)
SPEC = RenderSpec()
GOOD = build_edition_pdf(pages=2, size=A4, photos=False)


def truncated():
    return GOOD[: len(GOOD) // 2]


def bad_inputs():
    return [
        pytest.param(b"", "empty", id="empty file"),
        pytest.param(b"GIF89a" + b"\x00" * 500, "not a PDF", id="not a pdf"),
        pytest.param(b"<html><body>%%EOF</body></html>", "not a PDF", id="html named pdf"),
        pytest.param(truncated(), "incomplete", id="truncated"),
        pytest.param(GOOD[:200] + b"garbage" * 50 + b"\n%%EOF\n", "damaged", id="damaged structure"),
        pytest.param(build_edition_pdf(pages=1, size=A4, photos=False, encrypted=True), "encrypted", id="encrypted"),
        pytest.param(build_edition_pdf(pages=0), "no pages", id="zero pages"),
        pytest.param(build_edition_pdf(pages=1, size=(5000, 5000), photos=False), "larger than", id="huge page"),
        pytest.param(build_edition_pdf(pages=1, size=(72, 2900), photos=False), "megapixel", id="pixel bomb"),
        pytest.param(build_edition_pdf(pages=21, size=A4, photos=False), "limit is 20", id="too many pages"),
    ]


@pytest.mark.parametrize(("data", "reason"), bad_inputs())
def test_refused_uploads_say_why(tmp_path, data, reason):
    path = tmp_path / "upload.pdf"
    path.write_bytes(data)
    with pytest.raises(PdfRejected) as refused:
        inspect_pdf(path, LIMITS, SPEC)
    assert reason in refused.value.message


def test_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "upload.pdf"
    path.write_bytes(GOOD)
    with pytest.raises(PdfRejected, match="limit"):
        inspect_pdf(path, Limits(max_bytes=len(GOOD) - 1, max_pages=20, max_page_points=3000, max_pixels=10**8), SPEC)


def test_a_sound_pdf_passes_with_its_page_sizes(tmp_path):
    path = tmp_path / "upload.pdf"
    path.write_bytes(GOOD)
    info = inspect_pdf(path, LIMITS, SPEC)
    assert info.page_count == 2
    assert info.page_sizes == ((595, 842), (595, 842))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("northern-courier_2026-11-27.pdf", ("northern-courier", "2026-11-27")),
        ("northern-courier-2026-11-27.pdf", ("northern-courier", "2026-11-27")),
        ("Northern-Courier_2026-11-27.PDF", ("northern-courier", "2026-11-27")),
        ("../../etc/passwd_2026-11-27.pdf", None),
        ("northern-courier_2026-02-30.pdf", None),
        ("northern-courier.pdf", None),
    ],
)
def test_drop_folder_names(name, expected):
    parsed = parse_drop_name(name)
    assert (parsed and (parsed[0], parsed[1].isoformat())) == (expected or None)


def test_text_view_mends_column_breaks():
    text = "Council ap-\nproves the\nharbour plan.\n\nSecond para-\ngraph here."
    assert paragraphs(text) == ["Council approves the harbour plan.", "Second paragraph here."]
