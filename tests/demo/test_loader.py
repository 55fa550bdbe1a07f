"""`masthead demo`: the tree it builds is valid Wagtail, the pages serve and edit,
the mix is what the brief asks, and a second run adds nothing."""

import datetime
import io
import json
import shutil
import tempfile
from collections import Counter

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from masthead.access.models import Entitlement
from masthead.demo import loader
from masthead.demo.articles import plan_articles
from masthead.news.models import ArticlePage, Author, HomePage, PublicationPage, SectionPage, Topic

ARTICLES = 60
SEED = 11
MEDIA_ROOT = tempfile.mkdtemp(prefix="masthead-demo-test-")


def load(**options):
    output = io.StringIO()
    call_command("demo", seed=SEED, articles=ARTICLES, pictures=5, stdout=output, **options)
    return output.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "authors": Author.objects.count(),
        "topics": Topic.objects.count(),
        "users": get_user_model().objects.count(),
        "addresses": EmailAddress.objects.count(),
        "entitlements": Entitlement.objects.count(),
    }


@override_settings(MEDIA_ROOT=MEDIA_ROOT, MASTHEAD_DEMO_EXTRAS=[])
class DemoGroupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = load()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)

    def test_the_page_tree_is_valid_for_treebeard_and_wagtail(self):
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))
        for section in SectionPage.objects.all():
            self.assertEqual(section.numchild, ArticlePage.objects.child_of(section).count())

    def test_the_group_home_replaces_the_welcome_page_as_site_root(self):
        home = HomePage.objects.get()
        self.assertEqual(Site.objects.get(is_default_site=True).root_page_id, home.pk)
        root = Page.get_first_root_node()
        self.assertEqual([page.pk for page in root.get_children()], [home.pk])

    def test_four_titles_with_five_sections_each_and_the_asked_for_mix(self):
        self.assertEqual(PublicationPage.objects.count(), 4)
        for publication in PublicationPage.objects.all():
            sections = [page.slug for page in SectionPage.objects.child_of(publication)]
            self.assertEqual(sections, ["news", "sport", "business", "community", "opinion"])
            self.assertTrue(publication.logo_id and publication.short_name and publication.region)
        self.assertEqual(Author.objects.count(), 40)
        self.assertEqual(Topic.objects.count(), 80)
        articles = ArticlePage.objects.all()
        self.assertEqual(articles.count(), ARTICLES)
        levels = Counter(articles.values_list("access_level", flat=True))
        self.assertEqual(levels, {"free": 12, "metered": 42, "premium": 6})
        importances = Counter(articles.values_list("importance", flat=True))
        self.assertGreaterEqual(importances[3], 1)
        self.assertLess(importances[3], importances[0])

    def test_there_is_fresh_news_from_today_and_the_last_two_days(self):
        now = timezone.now()
        today = timezone.localdate()
        dates = list(ArticlePage.objects.values_list("published_at", flat=True))
        self.assertTrue(all(moment <= now for moment in dates))
        self.assertTrue(any(timezone.localtime(moment).date() == today for moment in dates))
        recent = [moment for moment in dates if now - moment <= datetime.timedelta(hours=48)]
        self.assertGreaterEqual(len(recent), 5)
        self.assertGreater(now - min(dates), datetime.timedelta(days=365))

    def test_articles_are_live_published_and_denormalised(self):
        block_types = set()
        for article in ArticlePage.objects.select_related("section", "publication"):
            self.assertTrue(article.live)
            self.assertFalse(article.has_unpublished_changes)
            self.assertEqual(article.published_at, article.first_published_at)
            self.assertEqual(article.last_published_at, article.first_published_at)
            self.assertEqual(article.section, article.get_parent().specific)
            self.assertEqual(article.publication, article.section.get_parent().specific)
            self.assertEqual(article.url_path, f"{article.section.url_path}{article.slug}/")
            self.assertIsNotNone(article.live_revision_id)
            self.assertTrue(article.standfirst)
            self.assertTrue(article.agency_credit or article.authors.exists())
            block_types |= {block.block_type for block in article.body}
        self.assertLessEqual(block_types, {"paragraph", "heading", "image", "quote", "embed"})
        self.assertIn("paragraph", block_types)
        self.assertIn("image", block_types)

    def test_revision_holds_what_wagtail_would_have_saved(self):
        article = ArticlePage.objects.filter(topics__isnull=False).first()
        content = article.live_revision.content
        expected = article.serializable_data()
        for key in ("title", "slug", "standfirst", "access_level", "authors", "topics", "path", "url_path"):
            self.assertEqual(content[key], expected[key], key)
        self.assertEqual(json.loads(content["body"]), json.loads(expected["body"]))
        self.assertEqual(article.live_revision.as_object().title, article.title)

    def test_pages_answer_at_their_urls(self):
        home = HomePage.objects.get()
        publication = PublicationPage.objects.first()
        section = SectionPage.objects.child_of(publication).first()
        pages = [home, publication, section]
        for level in ("free", "metered", "premium"):
            pages.append(ArticlePage.objects.filter(access_level=level).order_by("-published_at").first())
        for page in pages:
            with self.subTest(page=page.url):
                self.assertTrue(page.url.startswith("/"))
                response = self.client.get(page.url)
                self.assertEqual(response.status_code, 200)
        response = self.client.get(pages[-1].url)
        self.assertContains(response, pages[-1].title.replace("'", "&#x27;"))

    def test_editors_find_bulk_made_articles_with_the_admin_search(self):
        article = ArticlePage.objects.order_by("path").first()
        word = max(article.title.split(), key=len)
        self.assertIn(article.pk, [page.pk for page in ArticlePage.objects.search(word)])

    def test_the_admin_opens_a_bulk_made_article_in_the_editor(self):
        admin = get_user_model().objects.get(email=loader.ADMIN_EMAIL)
        self.client.force_login(admin)
        article = ArticlePage.objects.order_by("?").first()
        response = self.client.get(f"/admin/pages/{article.pk}/edit/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, article.standfirst[:40].replace("'", "&#x27;"))

    def test_demo_accounts_can_log_in_and_the_subscriber_holds_every_title(self):
        for email, password in loader.DEMO_PASSWORDS.items():
            user = get_user_model().objects.get(email=email)
            self.assertTrue(user.check_password(password))
            self.assertGreaterEqual(len(password), 12)
            validate_password(password, user)
            self.assertTrue(EmailAddress.objects.filter(user=user, email=email, verified=True, primary=True).exists())
        admin = get_user_model().objects.get(email=loader.ADMIN_EMAIL)
        self.assertTrue(admin.is_superuser and admin.is_staff)
        subscriber = get_user_model().objects.get(email=loader.SUBSCRIBER_EMAIL)
        grant = Entitlement.objects.active().get(reader=subscriber, kind="digital")
        self.assertIsNone(grant.publication_id)
        self.assertEqual(grant.source, "demo")
        self.assertFalse(Entitlement.objects.filter(reader__email=loader.READER_EMAIL).exists())

    def test_the_summary_names_the_site_and_the_credentials(self):
        self.assertIn("Loaded the demo group in", self.output)
        self.assertIn(loader.ADMIN_EMAIL, self.output)
        for password in loader.DEMO_PASSWORDS.values():
            self.assertIn(password, self.output)
        self.assertIn("http://127.0.0.1:8000/admin/", self.output)

    def test_a_second_run_adds_nothing(self):
        before = counts()
        headlines = sorted(ArticlePage.objects.values_list("title", flat=True))
        output = load()
        self.assertEqual(counts(), before)
        self.assertEqual(sorted(ArticlePage.objects.values_list("title", flat=True)), headlines)
        self.assertIn("already loaded", output)

    def test_the_same_seed_gives_the_same_headlines(self):
        planned = [article.story.headline for article in plan_articles(SEED, ARTICLES)]
        self.assertEqual(sorted(ArticlePage.objects.values_list("title", flat=True)), sorted(planned))
        self.assertEqual(planned, [article.story.headline for article in plan_articles(SEED, ARTICLES)])
        self.assertNotEqual(planned, [article.story.headline for article in plan_articles(SEED + 1, ARTICLES)])


def test_the_site_url_follows_port_when_site_url_is_unset(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.setenv("PORT", "8123")
    assert loader.site_url() == "http://127.0.0.1:8123"
    monkeypatch.setenv("SITE_URL", "https://news.example/")
    assert loader.site_url() == "https://news.example"
