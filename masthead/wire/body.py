"""Agency HTML -> our article body. Everything from outside is sanitised with
nh3 first; then each block-level element becomes one StreamField block."""

import html

import nh3
from lxml import html as lxml_html

ALLOWED_TAGS = {"p", "h2", "h3", "h4", "blockquote", "strong", "b", "em", "i", "a", "br", "ul", "ol", "li"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
INLINE_TAGS = {"strong", "b", "em", "i", "a", "br"}


def sanitise(body_html):
    return nh3.clean(
        body_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def body_blocks(body_html):
    """StreamField data for ArticlePage.body from sanitised agency HTML."""
    clean = sanitise(body_html)
    if not clean.strip():
        return []
    blocks = []
    for fragment in lxml_html.fragments_fromstring(clean):
        if isinstance(fragment, str):
            text = " ".join(fragment.split())
            if text:
                blocks.append({"type": "paragraph", "value": f"<p>{html.escape(text)}</p>"})
            continue
        tag = fragment.tag
        if tag in {"h2", "h3", "h4"}:
            text = " ".join(fragment.text_content().split())
            if text:
                blocks.append({"type": "heading", "value": text[:160]})
        elif tag == "blockquote":
            text = " ".join(fragment.text_content().split())
            if text:
                blocks.append({"type": "quote", "value": {"quote": text, "attribution": ""}})
        elif tag in {"ul", "ol"}:
            for item in fragment.iter("li"):
                blocks.append({"type": "paragraph", "value": f"<p>{_inner_html(item)}</p>"})
        elif tag in INLINE_TAGS:
            blocks.append({"type": "paragraph", "value": f"<p>{_outer_html(fragment)}</p>"})
        else:
            inner = _inner_html(fragment)
            if inner.strip():
                blocks.append({"type": "paragraph", "value": f"<p>{inner}</p>"})
    return blocks


def _outer_html(element):
    return sanitise(lxml_html.tostring(element, encoding="unicode"))


def _inner_html(element):
    parts = [html.escape(element.text or "")]
    for child in element:
        parts.append(lxml_html.tostring(child, encoding="unicode"))
    return sanitise("".join(parts)).strip()
