"""NewsML-G2 newsItems with an XHTML body in inlineXML.

XML from outside is parsed with defusedxml: entity expansion, external entities
and DTDs are refused rather than resolved."""

from xml.etree.ElementTree import tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from masthead.wire.formats.base import WireFormat, WireFormatError, WireItem, clean_text, parse_timestamp

G2 = "{http://iptc.org/std/nar/2006-10-01/}"
XHTML = "{http://www.w3.org/1999/xhtml}"


class NewsMLG2Format(WireFormat):
    name = "newsml_g2"

    def can_read(self, data):
        head = data.lstrip()[:2048]
        return head.startswith(b"<") and b"iptc.org/std/nar" in head

    def parse(self, data):
        try:
            root = fromstring(data, forbid_dtd=True)
        except (ParseError, DefusedXmlException, ValueError) as error:
            raise WireFormatError(f"Malformed or unsafe NewsML-G2 XML: {error}") from None
        items = [root] if root.tag == f"{G2}newsItem" else root.findall(f".//{G2}newsItem")
        if not items:
            raise WireFormatError("No newsItem in this NewsML-G2 file.")
        return [self._item(item) for item in items]

    def _item(self, item):
        guid = clean_text(item.get("guid"), 250)
        try:
            version = int(item.get("version") or 1)
        except ValueError:
            raise WireFormatError("The newsItem version must be a number.") from None
        headline = _text(item.find(f"{G2}contentMeta/{G2}headline"))
        standfirst = _text(item.find(f"{G2}contentMeta/{G2}description"))
        byline = _text(item.find(f"{G2}contentMeta/{G2}by"))
        agency = _text(item.find(f"{G2}rightsInfo/{G2}copyrightHolder/{G2}name")) or _text(
            item.find(f"{G2}itemMeta/{G2}provider/{G2}name")
        )
        sent = _text(item.find(f"{G2}itemMeta/{G2}versionCreated"))
        body = item.find(f".//{G2}inlineXML/{XHTML}html/{XHTML}body")
        if body is None:
            body = item.find(f".//{G2}inlineXML")
        if not guid or not headline or body is None:
            raise WireFormatError("A newsItem needs a guid, a headline and an inlineXML body.")
        for element in body.iter():
            if isinstance(element.tag, str) and "}" in element.tag:
                element.tag = element.tag.split("}", 1)[1]
        body_html = "".join(tostring(child, encoding="unicode") for child in body)
        subjects = tuple(
            clean_text(_text(subject.find(f"{G2}name")), 80)
            for subject in item.findall(f"{G2}contentMeta/{G2}subject")
            if _text(subject.find(f"{G2}name"))
        )
        return WireItem(
            guid=guid,
            version=max(version, 1),
            headline=clean_text(headline, 255),
            standfirst=clean_text(standfirst, 400),
            body_html=body_html,
            agency=clean_text(agency, 100) or "Wire",
            byline=clean_text(byline, 120),
            sent_at=parse_timestamp(sent),
            subjects=subjects,
        )


def _text(element):
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())
