"""A page's extracted text as readable paragraphs for the text view."""

import re

_HYPHENATED_BREAK = re.compile(r"(\w)-\n(\w)")


def paragraphs(text):
    """Split on blank lines; join the lines of each paragraph (columns break
    lines at their width), mending words hyphenated across a line break."""
    text = _HYPHENATED_BREAK.sub(r"\1\2", (text or "").replace("\r\n", "\n"))
    blocks = re.split(r"\n\s*\n", text)
    return [" ".join(line.strip() for line in block.splitlines() if line.strip()) for block in blocks if block.strip()]
