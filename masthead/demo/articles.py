"""Plans the demo's articles: which title and section, what story, when, how
open and how important. Pure and deterministic for a seed: headlines and text
come from one random stream, dates from another, so the same seed gives the same
stories whatever the day the demo is loaded."""

import datetime
import random
from dataclasses import dataclass

from masthead.demo import vocabulary
from masthead.demo.writer import Story, StoryWriter

ACCESS_MIX = (("free", 0.20), ("metered", 0.70), ("premium", 0.10))
IMPORTANCE_WEIGHTS = (0.63, 0.26, 0.095, 0.015)
SECTION_WEIGHTS = {"news": 0.36, "sport": 0.22, "business": 0.16, "community": 0.16, "opinion": 0.10}
AGENCY_SHARE = 0.08
RECENT_SHARE = 0.03
MIN_RECENT = 8
HISTORY_DAYS = 730


@dataclass
class PlannedArticle:
    number: int
    publication_slug: str
    section_slug: str
    story: Story
    access_level: str
    importance: int
    agency_credit: str
    published_at: datetime.datetime | None = None


def plan_articles(seed, count):
    """The articles without dates: stable for a seed."""
    rng = random.Random(f"{seed}:articles")
    writer = StoryWriter(random.Random(f"{seed}:text"))
    levels = []
    for level, share in ACCESS_MIX:
        levels += [level] * round(count * share)
    levels = (levels + ["metered"] * count)[:count]
    rng.shuffle(levels)
    sections = list(SECTION_WEIGHTS)
    planned = []
    for number in range(count):
        publication = vocabulary.PUBLICATIONS[number % len(vocabulary.PUBLICATIONS)]
        section_slug = rng.choices(sections, weights=[SECTION_WEIGHTS[name] for name in sections])[0]
        story = writer.write(section_slug, publication)
        agency = ""
        if section_slug != "opinion" and rng.random() < AGENCY_SHARE:
            agency = rng.choice(vocabulary.AGENCIES)
        planned.append(
            PlannedArticle(
                number=number,
                publication_slug=publication["slug"],
                section_slug=section_slug,
                story=story,
                access_level=levels[number],
                importance=rng.choices(range(4), weights=IMPORTANCE_WEIGHTS)[0],
                agency_credit=agency,
            )
        )
    return planned


def assign_dates(planned, seed, now, today_start):
    """Spread the articles over two years before `now`, with a few from today
    and the last 48 hours so the home page and the digests have fresh news;
    the freshest story of each title is its top story."""
    rng = random.Random(f"{seed}:dates")
    recent_count = min(len(planned), max(MIN_RECENT, round(len(planned) * RECENT_SHARE)))
    today_count = max(1, recent_count // 3)
    latest = now - datetime.timedelta(minutes=5)
    today_span = max(60.0, (latest - today_start).total_seconds())
    for index, article in enumerate(planned):
        if index < today_count:
            moment = latest - datetime.timedelta(seconds=rng.uniform(0, today_span))
        elif index < recent_count:
            moment = latest - datetime.timedelta(hours=rng.uniform(0, 48))
        else:
            moment = latest - datetime.timedelta(days=rng.uniform(2, HISTORY_DAYS))
        article.published_at = moment.replace(microsecond=0)
    for publication in vocabulary.PUBLICATIONS:
        own = [
            article
            for article in planned[:recent_count]
            if article.publication_slug == publication["slug"] and article.section_slug != "opinion"
        ]
        if own:
            max(own, key=lambda article: article.published_at).importance = 3
    return planned
