"""What a reader typed, as terms every backend can turn into its own query.

Anything goes in; what comes out is only words (letters and digits, folded to
lower case without accents), grouped into phrases, exclusions and one prefix.
Operators, column filters, wildcards and punctuation are not passed on, so no
input can reach a backend's query syntax.
"""

import re
from dataclasses import dataclass

from masthead.search.text import clean_text, fold

MAX_QUERY_CHARS = 300
MAX_TERMS = 12
MAX_EXCLUDED = 6
MIN_PREFIX_CHARS = 2
MAX_WORD_CHARS = 40
OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})

_CHUNK = re.compile(r'(?P<minus>-?)"(?P<phrase>[^"]*)(?:"|$)|(?P<bare_minus>-?)(?P<bare>[^\s"]+)')
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[Term, ...] = ()
    excluded: tuple[Term, ...] = ()

    @property
    def is_empty(self):
        return not self.terms

    @property
    def words(self):
        return [word for term in self.terms for word in term.words]

    def without_prefix(self):
        return ParsedQuery(
            terms=tuple(Term(term.words, phrase=term.phrase) for term in self.terms), excluded=self.excluded
        )


def words_of(text):
    return [word[:MAX_WORD_CHARS] for word in _WORD.findall(fold(text))]


def parse_query(raw):
    """Split a query into terms: "quoted phrases", -excluded words, and the
    last word typed as a prefix (unless the reader ended with a space)."""
    raw = raw or ""
    text = clean_text(raw)[:MAX_QUERY_CHARS]
    terms, excluded = [], []
    prefix_word = None
    for match in _CHUNK.finditer(text):
        prefix_word = None
        if match.group("phrase") is not None:
            words, negative, quoted = words_of(match.group("phrase")), bool(match.group("minus")), True
        elif match.group("bare") in OPERATORS:
            continue
        else:
            words, negative, quoted = words_of(match.group("bare")), bool(match.group("bare_minus")), False
        if not words:
            continue
        if quoted and len(words) > 1:
            new_terms = [Term(tuple(words), phrase=True)]
        else:
            new_terms = [Term((word,)) for word in words]
        (excluded if negative else terms).extend(new_terms)
        if not quoted and not negative and match.end() == len(text) and not raw[-1:].isspace():
            prefix_word = words[-1]
    terms = _unique(terms)[:MAX_TERMS]
    excluded = [term for term in _unique(excluded) if term not in terms][:MAX_EXCLUDED]
    if terms and prefix_word and len(prefix_word) >= MIN_PREFIX_CHARS and terms[-1].words == (prefix_word,):
        terms[-1] = Term((prefix_word,), prefix=True)
    return ParsedQuery(terms=tuple(terms), excluded=tuple(excluded))


def _unique(terms):
    seen, unique = set(), []
    for term in terms:
        if term.words not in seen:
            seen.add(term.words)
            unique.append(term)
    return unique
