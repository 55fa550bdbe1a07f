"""A small template grammar: `{symbol}` expands to one of the symbol's
alternatives, recursively, so a few hundred phrases give thousands of
different sentences.

Bindings (the story's place, people, figures) are fixed for one story and win
over rules of the same name, so a story keeps talking about the same town and
the same councillor from headline to last paragraph.
"""

import re

SYMBOL = re.compile(r"\{([a-z_][a-z0-9_.]*)\}")
MAX_DEPTH = 12


class Grammar:
    def __init__(self, rules, rng):
        self.rules = rules
        self.rng = rng

    def expand(self, text, bindings, depth=0):
        if depth > MAX_DEPTH:
            raise ValueError(f"grammar recursion too deep in {text!r}")

        def replace(match):
            name = match.group(1)
            if name in bindings:
                return str(bindings[name])
            if name not in self.rules:
                raise KeyError(f"no grammar rule or binding called {name!r}")
            return self.expand(self.rng.choice(self.rules[name]), bindings, depth + 1)

        return SYMBOL.sub(replace, text)

    def pick(self, name, bindings):
        return sentence_case(self.expand("{" + name + "}", bindings))


def sentence_case(text):
    text = " ".join(text.split())
    return text[:1].upper() + text[1:] if text else text
