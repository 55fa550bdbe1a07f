"""ninjs (IPTC's news in JSON), versions 1.x and 2.x."""

import json

from masthead.wire.formats.base import WireFormat, WireFormatError, WireItem, clean_text, parse_timestamp


class NinjsFormat(WireFormat):
    name = "ninjs"

    def can_read(self, data):
        return data.lstrip()[:1] in (b"{", b"[")

    def parse(self, data):
        try:
            document = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise WireFormatError(f"Malformed ninjs JSON: {error}") from None
        documents = document if isinstance(document, list) else [document]
        return [self._item(entry) for entry in documents]

    def _item(self, entry):
        if not isinstance(entry, dict):
            raise WireFormatError("A ninjs item must be a JSON object.")
        guid = clean_text(entry.get("uri") or entry.get("guid"), 250)
        headline = entry.get("headline")
        if not headline and isinstance(entry.get("headlines"), list) and entry["headlines"]:
            headline = (entry["headlines"][0] or {}).get("value")
        body_html = entry.get("body_html")
        if not body_html and isinstance(entry.get("bodies"), list):
            body_html = next(
                (
                    body.get("value")
                    for body in entry["bodies"]
                    if isinstance(body, dict) and "html" in str(body.get("contenttype", ""))
                ),
                None,
            )
        if not guid or not headline or not body_html:
            raise WireFormatError("A ninjs item needs a uri, a headline and an HTML body.")
        standfirst = entry.get("description_text")
        if not standfirst and isinstance(entry.get("descriptions"), list) and entry["descriptions"]:
            standfirst = (entry["descriptions"][0] or {}).get("value")
        try:
            version = int(entry.get("version") or 1)
        except (TypeError, ValueError):
            raise WireFormatError("The ninjs version must be a number.") from None
        agency = entry.get("copyrightholder") or ""
        if not agency and isinstance(entry.get("infosources"), list) and entry["infosources"]:
            agency = (entry["infosources"][0] or {}).get("name", "")
        subjects = tuple(
            clean_text(subject.get("name"), 80)
            for subject in entry.get("subject") or entry.get("subjects") or []
            if isinstance(subject, dict) and subject.get("name")
        )
        byline = entry.get("byline") or entry.get("by") or ""
        return WireItem(
            guid=guid,
            version=max(version, 1),
            headline=clean_text(headline, 255),
            standfirst=clean_text(standfirst, 400),
            body_html=str(body_html),
            agency=clean_text(agency, 100) or "Wire",
            byline=clean_text(byline, 120),
            sent_at=parse_timestamp(entry.get("versioncreated") or entry.get("firstcreated")),
            subjects=subjects,
        )
