"""Uploaded documents (Wagtail's document library): only the types in
`WAGTAILDOCS_EXTENSIONS`, each checked to be what its name says, PDFs
rewritten without active content. Documents are served as attachments with
`nosniff` and a `default-src 'none'` policy (settings), so even a file that
slipped through would not run in the site's origin.
"""

import os
import tempfile
import zipfile

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

from masthead.core.pdfsanitise import PdfRefused, check_pdf, sanitise_pdf

OOXML = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
MAX_ARCHIVE_MEMBERS = 10_000
MAX_ARCHIVE_RATIO = 100  # no office file compresses its contents a hundredfold
# What a browser sniffing the first bytes would take for a web page or script.
MARKUP_STARTS = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<iframe", b"<svg", b"<?xml", b"<a ", b"<img")


class DocumentRefused(ValueError):
    pass


def _extension(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def _head(file, size=1024):
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def check_archive(file, extension):
    if not _head(file, 4).startswith(b"PK\x03\x04"):
        raise DocumentRefused(_("This is not a .%(extension)s file.") % {"extension": extension})
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise DocumentRefused(_("This .%(extension)s file is damaged.") % {"extension": extension}) from None
    with archive:
        members = archive.infolist()
        names = {member.filename for member in members}
        if len(members) > MAX_ARCHIVE_MEMBERS:
            raise DocumentRefused(_("This file holds too many parts."))
        unpacked = sum(member.file_size for member in members)
        packed = sum(member.compress_size for member in members) or 1
        if unpacked > settings.MASTHEAD_DOCUMENT_MAX_UPLOAD_BYTES * 4 or unpacked / packed > MAX_ARCHIVE_RATIO:
            raise DocumentRefused(_("This file unpacks to far more than its size (a compression bomb)."))
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise DocumentRefused(_("This file contains macros. Save it again without macros."))
        if extension in OOXML:
            if "[Content_Types].xml" not in names or not any(name.startswith(OOXML[extension]) for name in names):
                raise DocumentRefused(_("This is not a .%(extension)s file.") % {"extension": extension})
        else:
            if "mimetype" not in names or archive.read("mimetype").strip() != ODF_MIMETYPES[extension]:
                raise DocumentRefused(_("This is not a .%(extension)s file.") % {"extension": extension})
    file.seek(0)


def check_text(file, extension):
    file.seek(0)
    decoder_ok = True
    first = b""
    while chunk := file.read(1024 * 1024):
        if not first:
            first = chunk
        if b"\x00" in chunk:
            decoder_ok = False
            break
    file.seek(0)
    if not decoder_ok:
        raise DocumentRefused(_("This is not a text file."))
    start = first.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if start.startswith(MARKUP_STARTS):
        raise DocumentRefused(_("This file is a web page, not a .%(extension)s file.") % {"extension": extension})


def clean_pdf(file):
    """A sanitised copy of an uploaded PDF, as a new uploaded file."""
    if not _head(file, 5).startswith(b"%PDF-"):
        raise DocumentRefused(_("This is not a PDF file (a PDF begins with %PDF-)."))
    directory = tempfile.mkdtemp(prefix="masthead-document-")
    original = os.path.join(directory, "original.pdf")
    cleaned = os.path.join(directory, "cleaned.pdf")
    try:
        with open(original, "wb") as out:
            file.seek(0)
            while chunk := file.read(1024 * 1024):
                out.write(chunk)
        try:
            check_pdf(original)
            sanitise_pdf(original, cleaned)
        except PdfRefused as refusal:
            raise DocumentRefused(refusal.message) from None
        handle = open(cleaned, "rb")  # noqa: SIM115 (kept open for the storage to read)
    finally:
        os.unlink(original)
        if os.path.exists(cleaned):
            os.unlink(cleaned)  # the open handle keeps the data until it is closed
        os.rmdir(directory)
    return UploadedFile(handle, name=file.name, content_type="application/pdf", size=os.fstat(handle.fileno()).st_size)


def check_document(file):
    """The file to store for an uploaded document: checked, and for a PDF rewritten."""
    extension = _extension(file.name)
    if extension not in settings.WAGTAILDOCS_EXTENSIONS:
        raise DocumentRefused(_("Documents of this type are not accepted."))
    if file.size > settings.MASTHEAD_DOCUMENT_MAX_UPLOAD_BYTES:
        raise DocumentRefused(
            _("This file is larger than the limit of %(limit)s MB.")
            % {"limit": settings.MASTHEAD_DOCUMENT_MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    if extension == "pdf":
        return clean_pdf(file)
    if extension in OOXML or extension in ODF_MIMETYPES:
        check_archive(file, extension)
    elif extension in ("txt", "csv"):
        check_text(file, extension)
    else:
        raise DocumentRefused(_("Documents of this type are not accepted."))
    return file


class DocumentForm(BaseDocumentForm):
    """The base of every document form in the admin (`WAGTAILDOCS_DOCUMENT_FORM_BASE`)."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is None or not hasattr(uploaded, "size") or "file" not in self.changed_data:
            return uploaded
        try:
            return check_document(uploaded)
        except DocumentRefused as refusal:
            raise forms.ValidationError(str(refusal), code="invalid_document") from None
