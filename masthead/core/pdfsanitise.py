"""A PDF we serve (an e-paper edition, a document) is a rewritten copy of the
upload with no active content: no JavaScript, no automatic or triggered actions (`/OpenAction`,
`/AA`), no launch, form-submission or remote actions, no embedded or attached
files, no XFA or AcroForm, no rich media. Print workflows leave such things
in (a layout program's forms, a press system's attachments), so a file is
cleaned rather than refused. The rewrite is done by qpdf through pikepdf,
which parses the whole file (a polyglot's other half does not survive it) and
writes only objects reachable from the document, so a removed attachment's
bytes are gone, not just unreferenced. Plain functions on files, no Django.
"""

import os
import zlib
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, PdfError


class PdfRefused(ValueError):
    """A PDF that cannot be made safe, with a message an editor can act on."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# Keys whose value is, or leads to, something that runs or that carries a file.
ACTIVE_KEYS = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/OpenAction",
        "/AA",
        "/Launch",
        "/EmbeddedFiles",
        "/EmbeddedFile",
        "/EF",
        "/XFA",
        "/AcroForm",
        "/RichMedia",
        "/RichMediaContent",
        "/Collection",
        "/URIActions",
    }
)
# Actions a reader's viewer may follow: within the document, and web or mail links.
SAFE_ACTIONS = frozenset({"/GoTo", "/URI", "/Named"})
SAFE_URI_SCHEMES = (b"http://", b"https://", b"mailto:")
# Annotations that exist to run, play or carry something.
ACTIVE_ANNOTATIONS = frozenset(
    {"/Widget", "/FileAttachment", "/Screen", "/Movie", "/Sound", "/RichMedia", "/3D", "/Projection"}
)


# Bombs: what a renderer would inflate into memory in one piece.
MAX_CONTENT_STREAM_BYTES = 128 * 1024 * 1024
MAX_IMAGE_PIXELS = 250_000_000  # a full tabloid page at 600 dpi is about 70 megapixels
CONTENT_FILTERS = frozenset({"/FlateDecode", "/ASCIIHexDecode", "/ASCII85Decode"})


@dataclass
class Findings:
    """What active content a PDF holds: one line per kind, with a count."""

    counts: dict = field(default_factory=dict)

    def add(self, what):
        self.counts[what] = self.counts.get(what, 0) + 1

    def __bool__(self):
        return bool(self.counts)

    def lines(self):
        return [f"{what} ({count})" for what, count in sorted(self.counts.items())]


def _is_unsafe_action(action):
    kind = action.get("/S")
    if kind is None or str(kind) not in SAFE_ACTIONS:
        return True
    if str(kind) == "/URI":
        uri = action.get("/URI")
        return uri is None or not bytes(uri).strip().lower().startswith(SAFE_URI_SCHEMES)
    return "/Next" in action  # a chain can hide an unsafe action behind a safe one


def _walk(pdf):
    """Every dictionary in the file (stream dictionaries included), each once."""
    seen = set()
    pending = [pdf.trailer]
    pending.extend(pdf.objects)
    while pending:
        item = pending.pop()
        if item.is_indirect:
            key = item.objgen
            if key in seen:
                continue
            seen.add(key)
        if isinstance(item, pikepdf.Stream):
            dictionary = item.stream_dict
        elif isinstance(item, Dictionary):
            dictionary = item
        elif isinstance(item, Array):
            pending.extend(value for value in item if isinstance(value, (Dictionary, Array, pikepdf.Stream)))
            continue
        else:
            continue
        yield dictionary
        pending.extend(value for value in dictionary.values() if isinstance(value, (Dictionary, Array, pikepdf.Stream)))


def _clean_dictionary(dictionary, findings):
    for key in list(dictionary.keys()):
        if key in ACTIVE_KEYS:
            findings.add(key)
            del dictionary[key]
    if str(dictionary.get("/Type", "")) == "/Filespec" or "/EF" in dictionary:
        findings.add("/Filespec")
    if str(dictionary.get("/Type", "")) == "/EmbeddedFile":
        findings.add("/EmbeddedFile")
    action = dictionary.get("/A")
    if isinstance(action, Dictionary) and _is_unsafe_action(action):
        findings.add(f"action {action.get('/S', '?')}")
        del dictionary["/A"]
    annotations = dictionary.get("/Annots")
    if isinstance(annotations, Array):
        kept = [
            annotation
            for annotation in annotations
            if not (isinstance(annotation, Dictionary) and str(annotation.get("/Subtype", "")) in ACTIVE_ANNOTATIONS)
        ]
        if len(kept) != len(annotations):
            findings.add("active annotations")
            dictionary["/Annots"] = Array(kept)


def _open(path):
    try:
        return Pdf.open(path)
    except pikepdf.PasswordError:
        raise PdfRefused(
            "The PDF is encrypted or password-protected. Export it again without security settings."
        ) from None
    except (PdfError, OSError, ValueError):
        raise PdfRefused(
            "The PDF is damaged: its structure cannot be read. Export it again from the layout program."
        ) from None


def _filters(stream):
    value = stream.get("/Filter")
    if value is None:
        return []
    if isinstance(value, Array):
        return [str(item) for item in value]
    return [str(value)]


def _inflated_size(data, limit):
    """How many bytes Flate data inflates to, counting at most `limit` + 1 and
    keeping none of them."""
    inflater = zlib.decompressobj()
    total = 0
    pending = data
    while pending and total <= limit:
        total += len(inflater.decompress(pending, 1024 * 1024))
        pending = inflater.unconsumed_tail
    return total


def _decoded_size(stream, limit):
    filters = _filters(stream)
    if len(filters) > 1 or any(name not in CONTENT_FILTERS for name in filters):
        raise PdfRefused(
            "The PDF uses an unusual compression for its page content. Export it again from the layout program."
        )
    if filters == ["/FlateDecode"]:
        return _inflated_size(stream.read_raw_bytes(), limit)
    return len(stream.read_raw_bytes())  # stored as it is, or the ASCII filters, which only shrink


def _check_bombs(pdf):
    """Refuse a PDF that is small on disk but would not fit in memory once drawn."""
    for item in pdf.objects:
        if not isinstance(item, pikepdf.Stream):
            continue
        subtype = str(item.get("/Subtype", ""))
        if subtype == "/Image":
            width, height = int(item.get("/Width", 0)), int(item.get("/Height", 0))
            if width * height > MAX_IMAGE_PIXELS:
                raise PdfRefused(
                    f"The PDF holds an image of {width * height / 1e6:,.0f} megapixels; the limit is "
                    f"{MAX_IMAGE_PIXELS / 1e6:,.0f} megapixels."
                )
    for page in pdf.pages:
        contents = page.obj.get("/Contents")
        streams = list(contents) if isinstance(contents, Array) else [contents]
        xobjects = page.obj.get("/Resources", Dictionary()).get("/XObject", Dictionary())
        streams.extend(
            value
            for value in xobjects.values()
            if isinstance(value, pikepdf.Stream) and value.get("/Subtype") == Name.Form
        )
        for stream in streams:
            if (
                isinstance(stream, pikepdf.Stream)
                and _decoded_size(stream, MAX_CONTENT_STREAM_BYTES) > MAX_CONTENT_STREAM_BYTES
            ):
                raise PdfRefused(
                    f"A page of the PDF is too large once decompressed (more than "
                    f"{MAX_CONTENT_STREAM_BYTES // (1024 * 1024)} MB of drawing instructions)."
                )


def check_pdf(path):
    """Parse the whole PDF and refuse bombs; raises PdfRefused with the reason."""
    with _open(path) as pdf:
        _check_bombs(pdf)


def find_active_content(path):
    """The active content in a PDF, without changing it."""
    findings = Findings()
    with _open(path) as pdf:
        for dictionary in _walk(pdf):
            for key in dictionary:
                if key in ACTIVE_KEYS:
                    findings.add(key)
            action = dictionary.get("/A")
            if isinstance(action, Dictionary) and _is_unsafe_action(action):
                findings.add(f"action {action.get('/S', '?')}")
            if str(dictionary.get("/Subtype", "")) in ACTIVE_ANNOTATIONS:
                findings.add(f"annotation {dictionary.get('/Subtype')}")
            if str(dictionary.get("/Type", "")) == "/EmbeddedFile":
                findings.add("/EmbeddedFile")
    return findings


def sanitise_pdf(source, target):
    """Write a copy of `source` without active content to `target` (whole or not
    at all); return what was removed. Raises PdfRefused if it cannot be parsed."""
    findings = Findings()
    temporary = f"{target}.part"
    with _open(source) as pdf:
        if pdf.is_encrypted:
            raise PdfRefused("The PDF is encrypted or password-protected. Export it again without security settings.")
        _check_bombs(pdf)
        for dictionary in list(_walk(pdf)):
            _clean_dictionary(dictionary, findings)
        names = pdf.Root.get("/Names")
        if isinstance(names, Dictionary):
            for key in ("/JavaScript", "/EmbeddedFiles"):
                if key in names:
                    findings.add(key)
                    del names[key]
        pdf.Root.Type = Name.Catalog
        try:
            pdf.save(
                temporary,
                object_stream_mode=pikepdf.ObjectStreamMode.disable,
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
                fix_metadata_version=False,
                linearize=False,
            )
        except (PdfError, OSError, ValueError):
            _remove(temporary)
            raise PdfRefused(
                "The PDF is damaged: it could not be rewritten. Export it again from the layout program."
            ) from None
    os.replace(temporary, target)
    return findings


def _remove(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
