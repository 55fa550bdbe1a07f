"""Writes one plausible local story at a time from the grammar in `rules.py`.

Pure: takes a seeded `random.Random` and plain values, returns a `Story`; the
loader turns stories into pages. The same seed gives the same stories.
"""

import html
from dataclasses import dataclass, field

from masthead.demo import rules, vocabulary
from masthead.demo.grammar import Grammar, sentence_case


@dataclass
class Person:
    full_name: str
    last_name: str
    they: str
    their: str
    them: str


@dataclass
class Story:
    kind: str
    headline: str
    standfirst: str
    blocks: list = field(default_factory=list)  # (block_type, value); image slots carry a caption string
    topic_names: list = field(default_factory=list)
    hero_caption: str = ""


class StoryWriter:
    def __init__(self, rng):
        self.rng = rng
        self.grammar = Grammar(rules.grammar_rules(), rng)

    def person(self):
        if self.rng.random() < 0.5:
            first, pronouns = self.rng.choice(vocabulary.FEMALE_NAMES), ("she", "her", "her")
        else:
            first, pronouns = self.rng.choice(vocabulary.MALE_NAMES), ("he", "his", "him")
        last = self.rng.choice(vocabulary.SURNAMES)
        return Person(f"{first} {last}", last, *pronouns)

    def amount(self):
        if self.rng.random() < 0.5:
            return f"£{self.rng.randrange(20, 950) * 1000:,}"
        return f"£{self.rng.randrange(11, 95) / 10:.1f}m"

    def bindings(self, publication, paper_short_name):
        rng = self.rng
        towns = publication["towns"]
        place = rng.choice(towns)
        rival_town = rng.choice([town for town in towns if town != place])
        person, other, councillor = self.person(), self.person(), self.person()
        score_against = rng.randrange(1, 3)
        return {
            "place": place,
            "county": vocabulary.COUNTY,
            "paper": paper_short_name,
            "person": person.full_name,
            "person_last": person.last_name,
            "person_they": person.they,
            "person_their": person.their,
            "person_them": person.them,
            "other": other.full_name,
            "other_last": other.last_name,
            "other_they": other.they,
            "other_their": other.their,
            "councillor": councillor.full_name,
            "councillor_last": councillor.last_name,
            "club": f"{place} {rng.choice(rules.CLUB_SUFFIXES)}",
            "rival": f"{rival_town} {rng.choice(rules.CLUB_SUFFIXES)}",
            "firm": f"{rng.choice(rules.FIRM_PARTS[0])} {rng.choice(rules.FIRM_PARTS[1])}",
            "developer": f"{rng.choice(rules.FIRM_PARTS[0])} {rng.choice(rules.DEVELOPER_SUFFIXES)}",
            "venue": rng.choice(rules.VENUES),
            "street": rng.choice(rules.STREETS),
            "number": rng.randrange(3, 60),
            "jobs": rng.choice([12, 20, 25, 35, 40, 60, 85, 120, 150, 200, 240]),
            "amount": self.amount(),
            "year": rng.randrange(2008, 2024),
            "score_for": score_against + rng.randrange(1, 3),
            "score_against": score_against,
        }

    def write(self, kind, publication):
        """One story for a section (`kind` is the section slug: news, sport, ...)."""
        rng = self.rng
        angle_name = rng.choice(sorted(rules.ANGLES[kind]))
        angle = rules.ANGLES[kind][angle_name]
        values = self.bindings(publication, publication["short_name"])

        def pick(part):
            key = f"{kind}.{angle_name}.{part}" if part in angle else f"{kind}.{part}"
            return self.grammar.pick(key, values)

        story = Story(kind=kind, headline=pick("headline"), standfirst=pick("standfirst"), hero_caption=pick("caption"))
        details = [sentence_case(self.grammar.expand(text, values)) for text in self._details(angle)]
        paragraph = self._paragraph
        story.blocks.append(paragraph(pick("lead")))
        story.blocks.append(paragraph(details[0]))
        if rng.random() < 0.7 and len(details) > 3:
            story.blocks.append(paragraph(details.pop(1)))
        if rng.random() < 0.55:
            story.blocks.append(("heading", pick("heading")))
        story.blocks.append(paragraph(pick("background")))
        if rng.random() < 0.6:
            story.blocks.append(("quote", {"quote": pick("quote"), "attribution": pick("attribution")}))
        story.blocks.append(paragraph(pick("reaction")))
        if rng.random() < 0.35:
            story.blocks.append(("image", pick("caption")))
        story.blocks.append(paragraph(details[1]))
        if rng.random() < 0.5 and len(details) > 2:
            story.blocks.append(paragraph(details[2]))
        story.blocks.append(paragraph(pick("next")))

        subject_topics = rng.sample(angle["topics"], k=min(len(angle["topics"]), rng.choice([1, 1, 2])))
        story.topic_names = subject_topics + ([values["place"]] if rng.random() < 0.6 else [])
        return story

    def _details(self, angle):
        """Up to four of the angle's own detail sentences, so a story never borrows another's facts."""
        return self.rng.sample(angle["detail"], k=min(4, len(angle["detail"])))

    @staticmethod
    def _paragraph(text):
        return ("paragraph", f"<p>{html.escape(text, quote=False)}</p>")
