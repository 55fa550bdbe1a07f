"""Text helpers shared by indexing and querying: one idea of what a word is."""

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ue000-\uf8ff]")
_SPACE = re.compile(r"\s+")


def clean_text(text):
    """Plain text without control characters and with single spaces."""
    return _SPACE.sub(" ", _CONTROL.sub(" ", text or "")).strip()


def fold(text):
    """Lower case without accents: "Ó Dónaill" -> "o donaill"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
