"""Wire formats: one reader per agency format, chosen by what the file holds."""

from masthead.wire.formats.base import WireFormatError, WireItem
from masthead.wire.formats.newsml_g2 import NewsMLG2Format
from masthead.wire.formats.ninjs import NinjsFormat

FORMATS = [NinjsFormat(), NewsMLG2Format()]


def parse_wire_file(data: bytes, *, max_bytes: int) -> tuple[str, list[WireItem]]:
    """The format's name and the items in a wire file, or WireFormatError."""
    if len(data) > max_bytes:
        raise WireFormatError(f"The file is larger than {max_bytes // (1024 * 1024)} MB.")
    if not data.strip():
        raise WireFormatError("The file is empty.")
    for wire_format in FORMATS:
        if wire_format.can_read(data):
            return wire_format.name, wire_format.parse(data)
    raise WireFormatError("Not a wire format we read (ninjs JSON or NewsML-G2 XML).")


__all__ = ["FORMATS", "WireFormatError", "WireItem", "parse_wire_file"]
