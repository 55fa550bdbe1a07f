"""An issue rendered once, personalised by substitution.

`compose_issue` picks the stories (ranking.py over the database), `render_issue`
turns them into HTML (CSS inlined with css-inline) and plain text holding
placeholders for the per-reader parts, and `MessageTemplate` pre-builds the MIME
bytes so each reader costs one HMAC, a few `bytes` joins and a quoted-printable
encode of the small text part. Stories carry headline, standfirst and link only:
never an article's body.
"""

import binascii
import datetime
import html
import re
import time
from dataclasses import dataclass
from email.header import Header
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from urllib.parse import quote

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone

from masthead.news.models import AccessLevel, ArticlePage
from masthead.newsletters import ranking
from masthead.newsletters.tokens import subscriber_token, token_signer

TOKEN = "@@TOKEN@@"  # noqa: S105 (a placeholder, not a secret)
EMAIL = "@@EMAIL@@"
MAX_LINE = 900
_inliner = None


@dataclass(frozen=True)
class Story:
    article_id: int
    headline: str
    standfirst: str
    url: str
    publication: str
    premium: bool


@dataclass(frozen=True)
class RenderedIssue:
    subject: str
    html: str
    text: str


def list_scope(newsletter_list):
    return ranking.ListScope(
        publication_ids=frozenset(newsletter_list.publications.values_list("pk", flat=True)),
        section_slug=newsletter_list.section_slug,
        window=newsletter_list.window,
        limit=newsletter_list.max_stories,
    )


def load_candidates(scope, now, extra_ids=()):
    """Live stories in the list's window, as plain values for ranking.py.

    Page views enter through `Candidate.page_views`; they stay zero until the
    analytics app offers counts, so ranking falls back to importance and recency.
    """
    articles = ArticlePage.objects.live().filter(published_at__gt=now - scope.window, published_at__lte=now)
    if scope.publication_ids:
        articles = articles.filter(publication_id__in=scope.publication_ids)
    if scope.section_slug:
        articles = articles.filter(section__slug=scope.section_slug)
    extra = ArticlePage.objects.live().filter(pk__in=extra_ids)
    found = {}
    for queryset in (articles, extra):
        for article in (
            queryset.select_related("section")
            .prefetch_related("topics")
            .only("pk", "importance", "published_at", "publication_id", "section__slug")
        ):
            found[article.pk] = ranking.Candidate(
                article_id=article.pk,
                importance=article.importance,
                published_at=article.published_at,
                publication_id=article.publication_id,
                section_slug=article.section.slug if article.section else "",
                topic_ids=frozenset(topic.pk for topic in article.topics.all()),
            )
    return list(found.values())


def editor_choices(issue):
    items = list(issue.items.all())
    pinned = tuple(item.article_id for item in sorted(items, key=lambda item: item.position) if item.pinned)
    removed = frozenset(item.article_id for item in items if item.removed)
    return ranking.EditorChoices(pinned=pinned, removed=removed)


def compose_issue(issue):
    """Article ids of the issue: what was sent once frozen, else the ranking for the window ending at its moment."""
    if issue.story_ids:
        return list(issue.story_ids)
    moment = issue.send_at
    choices = editor_choices(issue)
    scope = list_scope(issue.newsletter_list)
    candidates = load_candidates(scope, moment, extra_ids=choices.pinned)
    live_ids = {candidate.article_id for candidate in candidates}
    choices = ranking.EditorChoices(
        pinned=tuple(article_id for article_id in choices.pinned if article_id in live_ids), removed=choices.removed
    )
    return ranking.choose_stories(candidates, scope, moment, choices)


def stories_for(article_ids):
    articles = ArticlePage.objects.live().filter(pk__in=article_ids).select_related("publication")
    by_id = {article.pk: article for article in articles}
    stories = []
    for article_id in article_ids:
        article = by_id.get(article_id)
        if article is None:
            continue
        stories.append(
            Story(
                article_id=article.pk,
                headline=article.title,
                standfirst=article.standfirst,
                url=article.full_url or f"{settings.SITE_URL}{article.url or ''}",
                publication=article.publication.title if article.publication else "",
                premium=article.access_level == AccessLevel.PREMIUM,
            )
        )
    return stories


def issue_subject(issue, stories):
    if issue.subject:
        return issue.subject
    if stories:
        return f"{issue.newsletter_list.name}: {stories[0].headline}"[:200]
    return f"{issue.newsletter_list.name}, {issue.local_date:%d %b %Y}"


def render_issue(issue, stories):
    newsletter_list = issue.newsletter_list
    site_url = settings.SITE_URL
    context = {
        "issue": issue,
        "newsletter_list": newsletter_list,
        "stories": stories,
        "intro_paragraphs": [part.strip() for part in issue.intro.split("\n\n") if part.strip()],
        "site_url": site_url,
        "group_name": settings.WAGTAIL_SITE_NAME,
        "preferences_url": f"{site_url}/newsletters/preferences/{TOKEN}/",
        "unsubscribe_url": f"{site_url}/newsletters/unsubscribe/{newsletter_list.slug}/{TOKEN}/",
        "recipient": EMAIL,
    }
    subject = issue_subject(issue, stories)
    context["subject"] = subject
    html_source = render_to_string("newsletters/email/issue.html", context)
    text = render_to_string("newsletters/email/issue.txt", context)
    return RenderedIssue(subject=subject, html=inline_css(html_source), text=_tidy_text(text))


def inline_css(html_source):
    global _inliner
    if _inliner is None:
        _inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
    return _inliner.inline(html_source)


def _tidy_text(text):
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _short_lines(ascii_html):
    """SMTP lines stop at 998 octets; HTML does not care where whitespace breaks."""
    lines = []
    for line in ascii_html.split("\n"):
        while len(line) > MAX_LINE:
            cut = line.rfind(" ", 0, MAX_LINE)
            if cut <= 0:
                cut = line.find(" ", MAX_LINE)
            if cut <= 0:
                break
            lines.append(line[:cut])
            line = line[cut + 1 :]
        lines.append(line)
    return "\r\n".join(line.rstrip("\r") for line in lines)


def sender_domain():
    address = parseaddr(settings.NEWSLETTERS_FROM_EMAIL)[1] or "masthead.example"
    return address.rpartition("@")[2]


def list_id_header(newsletter_list):
    name = newsletter_list.name.replace('"', "")
    return f'"{name}" <{newsletter_list.slug}.lists.{sender_domain()}>'


def unsubscribe_mailto(token):
    return f"mailto:{settings.NEWSLETTERS_UNSUBSCRIBE_MAILTO}?subject={quote('unsubscribe ' + token)}"


def message_id(issue, subscriber_id):
    """Stable: the same issue to the same reader always has the same Message-ID."""
    return f"<{issue.newsletter_list.slug}.{issue.local_date:%Y%m%d}.{issue.pk}.{subscriber_id}@{sender_domain()}>"


class MessageTemplate:
    """The MIME bytes of one issue with holes for the reader's parts."""

    def __init__(self, issue, rendered):
        self.issue = issue
        self.rendered = rendered
        self.unsubscribe_base = f"{settings.SITE_URL}/newsletters/unsubscribe/{issue.newsletter_list.slug}/"
        self._signer = token_signer()
        boundary = f"=_masthead_{issue.pk}_{int(time.time())}"
        sent_at = issue.started_at or timezone.now()
        head = [
            f"From: {_encode_address(settings.NEWSLETTERS_FROM_EMAIL)}",
            f"Subject: {_encode_header(rendered.subject)}",
            f"Date: {format_datetime(sent_at.astimezone(datetime.UTC))}",
            "MIME-Version: 1.0",
            f"List-Id: {list_id_header(issue.newsletter_list)}",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            f'Content-Type: multipart/alternative; boundary="{boundary}"',
        ]
        self.head = ("\r\n".join(head) + "\r\n").encode("ascii")
        self.text_head = (
            f"\r\n--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        ).encode("ascii")
        html_head = (
            f"\r\n--{boundary}\r\nContent-Type: text/html; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
        )
        ascii_html = _short_lines(rendered.html.encode("ascii", "xmlcharrefreplace").decode("ascii"))
        html_parts = re.split(f"({TOKEN}|{EMAIL})", ascii_html)
        self.html_parts = [part.encode("ascii") for part in html_parts]
        self.html_parts[0] = html_head.encode("ascii") + self.html_parts[0]
        self.html_parts[-1] += f"\r\n--{boundary}--\r\n".encode("ascii")
        self.text_crlf = rendered.text.replace("\n", "\r\n")
        self.message_id_prefix = f"<{issue.newsletter_list.slug}.{issue.local_date:%Y%m%d}.{issue.pk}."
        self.message_id_suffix = f"@{sender_domain()}>"
        self.mailto_prefix = f"mailto:{settings.NEWSLETTERS_UNSUBSCRIBE_MAILTO}?subject=unsubscribe%20"

    def token(self, subscriber_key):
        return subscriber_token(subscriber_key, self._signer)

    def message_bytes(self, email, subscriber_id, subscriber_key):
        token = self.token(subscriber_key)
        unsubscribe_url = f"{self.unsubscribe_base}{token}/"
        headers = (
            f"To: {email}\r\n"
            f"Message-ID: {self.message_id_prefix}{subscriber_id}{self.message_id_suffix}\r\n"
            f"List-Unsubscribe: <{unsubscribe_url}>, <{self.mailto_prefix}{quote(token)}>\r\n"
        ).encode("ascii")
        values = {TOKEN.encode(): token.encode("ascii"), EMAIL.encode(): html.escape(email).encode("ascii")}
        body = [values.get(part, part) for part in self.html_parts]
        text = self.text_crlf.replace(TOKEN, token).replace(EMAIL, email).encode("utf-8")
        return b"".join([self.head, headers, self.text_head, binascii.b2a_qp(text, istext=True), *body])

    def email_message(self, email, subscriber_id, subscriber_key, connection=None):
        """The same message for Django's email backends (the demo's files, tests, ESPs through anymail)."""
        token = self.token(subscriber_key)
        message = EmailMultiAlternatives(
            subject=self.rendered.subject,
            body=self.rendered.text.replace(TOKEN, token).replace(EMAIL, email),
            from_email=settings.NEWSLETTERS_FROM_EMAIL,
            to=[email],
            connection=connection,
            headers={
                "Message-ID": message_id(self.issue, subscriber_id) if subscriber_id else make_msgid(),
                "List-Id": list_id_header(self.issue.newsletter_list),
                "List-Unsubscribe": f"<{self.unsubscribe_base}{token}/>, <{unsubscribe_mailto(token)}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(
            self.rendered.html.replace(TOKEN, token).replace(EMAIL, html.escape(email)), "text/html"
        )
        return message


def _encode_header(value):
    charset = "us-ascii" if value.isascii() else "utf-8"
    return Header(value, charset, header_name="Subject").encode(linesep="\r\n")


def _encode_address(address):
    name, email = parseaddr(address)
    return formataddr((name, email), charset="utf-8") if name else email
