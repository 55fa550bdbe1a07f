import datetime
from dataclasses import dataclass, field


class WireFormatError(ValueError):
    """A wire file we cannot or will not read; the message is for editors."""


@dataclass(frozen=True)
class WireItem:
    guid: str
    version: int
    headline: str
    standfirst: str
    body_html: str
    agency: str
    byline: str = ""
    sent_at: datetime.datetime | None = None
    subjects: tuple[str, ...] = field(default_factory=tuple)


class WireFormat:
    """One agency format. Subclasses say whether they can read some bytes and
    turn them into WireItems, raising WireFormatError on anything malformed."""

    name = ""

    def can_read(self, data: bytes) -> bool:
        raise NotImplementedError

    def parse(self, data: bytes) -> list[WireItem]:
        raise NotImplementedError


def clean_text(value, limit):
    text = " ".join(str(value or "").split())
    return text[:limit]


def parse_timestamp(value):
    if not value:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed
