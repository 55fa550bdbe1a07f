"""Loads the demo group: a fictional county's four titles with their sections,
authors, topics, pictures and two years of articles, then the demo accounts,
then each extra registered in `settings.MASTHEAD_DEMO_EXTRAS`.

Idempotent: the core group is built once, in one transaction, when the database
has no group home page yet; the accounts and the extras are ensured on every run.
"""

import os
import random
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail.search.backends import get_search_backends

from masthead.demo import pictures, vocabulary
from masthead.demo.articles import assign_dates, plan_articles
from masthead.demo.bulk import insert_articles
from masthead.demo.writer import StoryWriter
from masthead.news.models import ArticlePage, Author, HomePage, PublicationPage, SectionPage, Topic

DEFAULT_SEED = 2026
DEFAULT_ARTICLES = 2000
DEFAULT_PICTURES = 30
ADMIN_EMAIL = "admin@masthead.example"
READER_EMAIL = "reader@masthead.example"
SUBSCRIBER_EMAIL = "subscriber@masthead.example"
DEMO_PASSWORDS = {
    ADMIN_EMAIL: "Fernmoor-newsroom-2026",
    READER_EMAIL: "Fernmoor-reader-2026",
    SUBSCRIBER_EMAIL: "Fernmoor-subscriber-2026",
}
PICTURE_SUBJECTS = {  # which painted scenes suit which section (indexes into pictures.SCENES)
    "news": (0, 1, 2, 4),
    "sport": (3,),
    "business": (1, 2, 4),
    "community": (0, 1, 4),
    "opinion": (2, 0),
}
PHOTOGRAPHERS = ["Niamh Castell", "Tom Averill", "Rosa Delacey", "Ivan Petrescu", "Kate Merriman"]


@dataclass
class DemoContext:
    """What each extra receives: the loaded group and the demo accounts."""

    home: HomePage
    publications: list
    sections: list
    readers: dict
    rng: random.Random
    stdout: object
    articles_count: int
    console: object = None
    sections_by_publication: dict = field(default_factory=dict)


def site_url():
    explicit = os.environ.get("SITE_URL", "").strip()
    if explicit:
        return explicit.rstrip("/")
    return f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"


def find_home():
    return HomePage.objects.order_by("path").first()


def load_demo(*, seed=DEFAULT_SEED, articles=DEFAULT_ARTICLES, picture_count=DEFAULT_PICTURES, console, stdout):
    """Load (or find) the group, ensure the accounts, run the extras. Returns the context."""
    started = time.monotonic()
    readers = {"admin": ensure_admin()}
    home = find_home()
    if home is None:
        with transaction.atomic():
            home = build_group(seed, articles, picture_count, owner=readers["admin"], console=console)
        console.print(f"Loaded the demo group in [bold]{time.monotonic() - started:.1f} s[/].")
    else:
        console.print(
            f"The demo group is already loaded ({home.title}); nothing added "
            f"(checked in {time.monotonic() - started:.1f} s)."
        )
    publications = list(PublicationPage.objects.child_of(home).order_by("path"))
    readers.update(ensure_readers())
    context = make_context(home, publications, readers, seed, console, stdout)
    run_extras(context)
    return context


def make_context(home, publications, readers, seed, console, stdout):
    sections_by_publication = {}
    sections = []
    for publication in publications:
        own = list(SectionPage.objects.child_of(publication).order_by("path"))
        sections_by_publication[publication.pk] = {section.slug: section for section in own}
        sections += own
    return DemoContext(
        home=home,
        publications=publications,
        sections=sections,
        readers=readers,
        rng=random.Random(f"{seed}:extras"),
        stdout=stdout,
        articles_count=ArticlePage.objects.descendant_of(home).count(),
        console=console,
        sections_by_publication=sections_by_publication,
    )


def run_extras(context):
    for dotted_path in settings.MASTHEAD_DEMO_EXTRAS:
        context.console.print(f"Demo extra: {dotted_path}")
        started = time.monotonic()
        try:
            extra = import_string(dotted_path)
            with transaction.atomic():
                extra(context)
        except Exception:
            context.console.print(f"[bold red]The demo extra {dotted_path} failed.[/]")
            raise
        context.console.print(f"  done in {time.monotonic() - started:.1f} s")


# --- accounts -------------------------------------------------------------------------------------------------


def _ensure_user(email, *, superuser=False):
    from allauth.account.models import EmailAddress

    user_model = get_user_model()
    password = DEMO_PASSWORDS[email]
    user = user_model.objects.filter(email__iexact=email).first()
    if user is None:
        create = user_model.objects.create_superuser if superuser else user_model.objects.create_user
        user = create(email=email, password=password)
    else:
        changed = []
        if not user.check_password(password):
            user.set_password(password)
            changed.append("password")
        if superuser and not (user.is_staff and user.is_superuser and user.is_active):
            user.is_staff = user.is_superuser = user.is_active = True
            changed += ["is_staff", "is_superuser", "is_active"]
        if changed:
            user.save(update_fields=changed)
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def ensure_admin():
    return _ensure_user(ADMIN_EMAIL, superuser=True)


def ensure_readers():
    from masthead.access.actions import do_grant_entitlement

    reader = _ensure_user(READER_EMAIL)
    subscriber = _ensure_user(SUBSCRIBER_EMAIL)
    do_grant_entitlement(subscriber, kind="digital", source="demo", note="Demo subscriber: every title")
    return {"reader": reader, "subscriber": subscriber}


# --- the group ------------------------------------------------------------------------------------------------


def build_group(seed, article_count, picture_count, *, owner, console):
    rng = random.Random(f"{seed}:group")
    with _progress(console) as progress:
        task = progress.add_task("Pictures", total=picture_count)
        scenes = make_pictures(rng, picture_count, progress, task)
        home = make_home()
        task = progress.add_task("Titles and sections", total=len(vocabulary.PUBLICATIONS))
        sections = {}
        for spec in vocabulary.PUBLICATIONS:
            publication = make_publication(home, spec)
            progress.advance(task)
            for title, slug, intro in vocabulary.SECTIONS:
                section = publication.add_child(instance=SectionPage(title=title, slug=slug, intro=intro))
                sections[spec["slug"], slug] = section
        authors_by_desk = make_authors(rng)
        topics = make_topics()
        task = progress.add_task("Writing articles", total=article_count)
        planned = plan_articles(seed, article_count)
        progress.update(task, completed=article_count // 2)
        now = timezone.now()
        today_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        assign_dates(planned, seed, now, today_start)
        pages = {key: [] for key in sections}
        for article in planned:
            pages[article.publication_slug, article.section_slug].append(
                make_article(article, rng, authors_by_desk, topics, scenes)
            )
        progress.update(task, completed=article_count)
        task = progress.add_task("Building the page tree", total=article_count)
        locale = Locale.get_default()
        for key, section in sections.items():
            insert_articles(section, pages[key], locale=locale, owner=owner, rng=rng)
            progress.advance(task, len(pages[key]))
        task = progress.add_task("Search index", total=article_count)
        made = [page for section_pages in pages.values() for page in section_pages]
        for backend in get_search_backends():
            backend.add_bulk(ArticlePage, made)
        progress.update(task, completed=article_count)
    return home


def _progress(console):
    return Progress(
        TextColumn("{task.description:<24}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def make_pictures(rng, count, progress, task):
    """Painted scenes, grouped by subject so each section gets fitting pictures."""
    image_model = get_image_model()
    by_subject = {}
    for number in range(count):
        picture = pictures.scene(rng, number)
        image = _store_image(image_model, picture)
        image.demo_description = picture.description
        by_subject.setdefault(number % len(pictures.SCENES), []).append(image)
        progress.advance(task)
    return by_subject


def _store_image(image_model, picture):
    from io import BytesIO

    image = image_model(title=picture.title, file=ImageFile(BytesIO(picture.data), name=picture.filename))
    image._set_image_file_metadata()
    image.save()
    return image


def make_home():
    """The group home replaces Wagtail's "Welcome" page as the default site's root."""
    root = Page.get_first_root_node()
    for page in root.get_children().filter(content_type__app_label="wagtailcore", content_type__model="page"):
        if page.numchild == 0:
            page.delete()
    root.refresh_from_db()
    home = root.add_child(instance=HomePage(title=vocabulary.GROUP_NAME, slug="home", intro=vocabulary.GROUP_INTRO))
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=vocabulary.GROUP_NAME
        )
    else:
        site.root_page = home
        site.site_name = vocabulary.GROUP_NAME
        site.save()
    return home


def make_publication(home, spec):
    logo = _store_image(get_image_model(), pictures.logo(spec["name"], spec["colour"], spec["slug"]))
    publication = home.add_child(
        instance=PublicationPage(
            title=spec["name"],
            slug=spec["slug"],
            short_name=spec["short_name"],
            colour=spec["colour"],
            region=spec["region"],
            tagline=spec["tagline"],
            description=spec["description"],
            logo=logo,
        )
    )
    publication.save_revision().publish()
    return publication


def make_authors(rng):
    """About forty journalists, each on one desk."""
    writer = StoryWriter(rng)
    desks = {"news": 14, "sport": 8, "business": 7, "community": 7, "opinion": 4}
    authors_by_desk, taken = {}, set()
    towns = [town for spec in vocabulary.PUBLICATIONS for town in spec["towns"]]
    for desk, count in desks.items():
        for _ in range(count):
            person = writer.person()
            while person.full_name in taken:
                person = writer.person()
            taken.add(person.full_name)
            bio = rng.choice(vocabulary.AUTHOR_BIO).format(beat=vocabulary.BEATS[desk], town=rng.choice(towns))
            authors_by_desk.setdefault(desk, []).append(
                Author(
                    name=person.full_name,
                    slug=slugify(person.full_name),
                    job_title=rng.choice(vocabulary.AUTHOR_ROLES[desk]),
                    bio=f"{person.full_name} {bio[0].lower()}{bio[1:]}",
                )
            )
    Author.objects.bulk_create(
        [author for authors in authors_by_desk.values() for author in authors], ignore_conflicts=True
    )
    saved = {author.slug: author for author in Author.objects.filter(slug__in=taken_slugs(authors_by_desk))}
    return {desk: [saved[author.slug] for author in authors] for desk, authors in authors_by_desk.items()}


def taken_slugs(authors_by_desk):
    return [author.slug for authors in authors_by_desk.values() for author in authors]


def make_topics():
    towns = [town for spec in vocabulary.PUBLICATIONS for town in spec["towns"]]
    names = vocabulary.SUBJECT_TOPICS + towns
    Topic.objects.bulk_create(
        [Topic(name=name, slug=slugify(name), description=f"Stories about {_lower_subject(name)}.") for name in names],
        ignore_conflicts=True,
    )
    return {topic.name: topic for topic in Topic.objects.filter(slug__in=[slugify(name) for name in names])}


def _lower_subject(name):
    return name.lower() if name in vocabulary.SUBJECT_TOPICS else name


def make_article(planned, rng, authors_by_desk, topics, scenes):
    story = planned.story
    scene_pool = [image for subject in PICTURE_SUBJECTS[story.kind] for image in scenes.get(subject, [])]
    body = []
    for block_type, value in story.blocks:
        block = {"type": block_type, "value": value, "id": str(_uuid(rng))}
        if block_type == "image":
            if not scene_pool:
                continue
            image = rng.choice(scene_pool)
            credit = planned.agency_credit or f"Picture: {rng.choice(PHOTOGRAPHERS)}"
            block["value"] = {"image": image.pk, "caption": value, "credit": credit, "alt_text": image.demo_description}
        body.append(block)
    article = ArticlePage(
        title=story.headline,
        standfirst=story.standfirst,
        body=body,
        access_level=planned.access_level,
        importance=planned.importance,
        agency_credit=planned.agency_credit,
        first_published_at=planned.published_at,
        search_description=story.standfirst[:250],
    )
    if scene_pool and rng.random() < 0.7:
        hero = rng.choice(scene_pool)
        article.hero_image = hero
        article.hero_caption = story.hero_caption
        article.hero_alt = hero.demo_description
    desk = authors_by_desk[story.kind]
    byline = [] if planned.agency_credit else rng.sample(desk, k=2 if rng.random() < 0.15 else 1)
    # In the snippets' own order (by name), as Wagtail stores them in a revision.
    article.author_ids = [author.pk for author in sorted(byline, key=lambda author: author.name)]
    article.topic_ids = [topics[name].pk for name in sorted(story.topic_names) if name in topics]
    return article


def _uuid(rng):
    import uuid

    return uuid.UUID(int=rng.getrandbits(128), version=4)


def summary_rows(readers):
    return [
        ("Editor (Wagtail admin)", ADMIN_EMAIL, DEMO_PASSWORDS[ADMIN_EMAIL], "/admin/"),
        ("Registered reader", READER_EMAIL, DEMO_PASSWORDS[READER_EMAIL], "/accounts/login/"),
        ("Subscriber (all titles)", SUBSCRIBER_EMAIL, DEMO_PASSWORDS[SUBSCRIBER_EMAIL], "/accounts/login/"),
    ]
