"""Sending an issue exactly once, as far as any sender can.

The protocol:
1. *Claim*: one worker takes the issue with a short lease (a row lock with
   SKIP LOCKED picks it, a conditional update sets the claim). Another worker
   or a cron run finds it claimed and moves on. A crashed worker's lease runs
   out and the next run resumes.
2. *Freeze*: the stories are fixed on the issue (`story_ids`) when sending
   starts, so a resumed send sends the same issue.
3. *Recover*: deliveries still `attempting` were in the mail server's hands
   when the last run died. We cannot know whether the server accepted them, so
   they become `uncertain` and are not sent again (at most once beats twice);
   the count is in the issue's send log.
4. *Send*: worker threads each hold one SMTP connection and one message at a
   time. Only this (the main) thread touches the database: in one transaction
   per round it records the outcomes just reported and writes the `attempting`
   rows for the next messages, and only then hands those out. So at any moment
   at most one message per connection is unrecorded, and every message has its
   row (unique per issue and reader) before it leaves.
5. Before each message the reader's subscription is checked again, so an
   unsubscribe or a bounce during the send stops further mail to them.
"""

import dataclasses
import datetime
import itertools
import logging
import queue
import threading
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from masthead.newsletters.models import (
    Delivery,
    DeliveryStatus,
    Issue,
    IssueStatus,
    NewsletterList,
    Subscriber,
    Subscription,
    SubscriptionStatus,
)
from masthead.newsletters.rendering import MessageTemplate, compose_issue, render_issue, stories_for
from masthead.newsletters.schedule import due_date, next_date
from masthead.newsletters.transports import NotHandedOver, Refused, Uncertain, default_transport

logger = logging.getLogger(__name__)

LEASE = datetime.timedelta(minutes=5)
LEASE_RENEWAL = datetime.timedelta(seconds=30)
PAGE_SIZE = 1000


class ClaimLost(Exception):
    """Another worker holds the issue now (our lease ran out); stop at once."""


@dataclass
class SendResult:
    issue_id: int
    sent: int = 0
    uncertain: int = 0
    failed: int = 0
    finished: bool = False
    notes: list = field(default_factory=list)


def late_limit():
    return datetime.timedelta(minutes=settings.NEWSLETTERS_LATE_LIMIT_MINUTES)


def prepare_issues(now):
    """Make sure each active list has its due issue and its next one (for the editors' preview)."""
    from masthead.newsletters.actions import do_ensure_issue

    for newsletter_list in NewsletterList.objects.filter(is_active=True):
        schedule = newsletter_list.schedule()
        for local_date in {due_date(schedule, now, late_limit()), next_date(schedule, now)} - {None}:
            do_ensure_issue(newsletter_list, local_date)


def send_due(now=None, transport=None):
    """The clock job and `masthead newsletters send-due`: idempotent, safe to run twice at once."""
    now = now or timezone.now()
    prepare_issues(now)
    Issue.objects.filter(
        status=IssueStatus.SCHEDULED, send_at__lt=now - late_limit(), newsletter_list__is_active=True
    ).update(status=IssueStatus.MISSED)
    results = []
    due = Issue.objects.filter(
        status__in=[IssueStatus.SCHEDULED, IssueStatus.SENDING], send_at__lte=now, newsletter_list__is_active=True
    ).order_by("send_at")
    for issue_id in list(due.values_list("pk", flat=True)):
        claim_token = claim_issue(issue_id, now)
        if claim_token:
            results.append(send_claimed_issue(issue_id, claim_token, transport=transport))
    return results


def claim_issue(issue_id, now=None):
    """Take the issue for this worker, or None if another holds it. Returns the claim token."""
    now = now or timezone.now()
    with transaction.atomic():
        issue = (
            Issue.objects.select_for_update(skip_locked=True)
            .filter(pk=issue_id, status__in=[IssueStatus.SCHEDULED, IssueStatus.SENDING])
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .first()
        )
        if issue is None:
            return None
        claim_token = uuid.uuid4().hex
        claimed = (
            Issue.objects.filter(pk=issue_id, claim_token=issue.claim_token)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .update(claim_token=claim_token, claimed_until=now + LEASE)
        )
        return claim_token if claimed else None


def release_claim(issue_id, claim_token):
    Issue.objects.filter(pk=issue_id, claim_token=claim_token).update(claim_token="", claimed_until=None)


def send_claimed_issue(issue_id, claim_token, transport=None):
    issue = Issue.objects.select_related("newsletter_list").get(pk=issue_id)
    try:
        return IssueSender(issue, claim_token, transport or default_transport()).run()
    finally:
        release_claim(issue_id, claim_token)


def eligible_subscribers(issue):
    """Confirmed, not suppressed, subscribed, and not yet handled for this issue."""
    return Subscriber.objects.filter(
        confirmed_at__isnull=False,
        suppressed_at__isnull=True,
        subscriptions__newsletter_list_id=issue.newsletter_list_id,
        subscriptions__status=SubscriptionStatus.ACTIVE,
    ).exclude(Exists(Delivery.objects.filter(issue_id=issue.pk, subscriber_id=OuterRef("pk"))))


def append_log(issue, event, **details):
    issue.send_log = [*issue.send_log, {"at": timezone.now().isoformat(timespec="seconds"), "event": event, **details}]
    Issue.objects.filter(pk=issue.pk).update(send_log=issue.send_log)


class IssueSender:
    def __init__(self, issue, claim_token, transport):
        self.issue = issue
        self.claim_token = claim_token
        self.transport = transport
        self.last_renewal = timezone.now()
        self.outcomes = []  # (subscriber_id, status, error) not yet written
        self.stop_reason = ""

    def run(self):
        self._start()
        if not self.issue.story_ids and not self.issue.intro:
            return self._cancel_empty()
        recovered = self._recover_in_flight()
        template = MessageTemplate(self.issue, render_issue(self.issue, stories_for(self.issue.story_ids)))
        self._dispatch_all(template)
        return self._finish(recovered)

    def _start(self):
        issue = self.issue
        now = timezone.now()
        if not issue.story_ids:
            issue.story_ids = compose_issue(issue)
        fields = ["story_ids", "status"]
        if issue.started_at is None:
            issue.started_at = now
            fields.append("started_at")
        issue.status = IssueStatus.SENDING
        Issue.objects.filter(pk=issue.pk, claim_token=self.claim_token).update(
            **{name: getattr(issue, name) for name in fields}
        )
        append_log(issue, "started" if len(issue.send_log) == 0 else "resumed", stories=len(issue.story_ids))

    def _cancel_empty(self):
        """No stories in the window and nothing from the editors: an empty digest helps nobody."""
        Issue.objects.filter(pk=self.issue.pk).update(status=IssueStatus.CANCELLED, finished_at=timezone.now())
        append_log(self.issue, "cancelled", reason="no stories in the window")
        return SendResult(self.issue.pk, finished=True, notes=["no stories"])

    def _recover_in_flight(self):
        recovered = Delivery.objects.filter(issue=self.issue, status=DeliveryStatus.ATTEMPTING).update(
            status=DeliveryStatus.UNCERTAIN,
            error="in the mail server's hands when a previous run stopped; not sent again",
        )
        if recovered:
            append_log(self.issue, "uncertain", count=recovered)
        return recovered

    def _recipients(self):
        last_id = 0
        queryset = eligible_subscribers(self.issue).order_by("pk").values_list("pk", "email", "key")
        while True:
            page = list(queryset.filter(pk__gt=last_id)[:PAGE_SIZE])
            if not page:
                return
            yield from page
            last_id = page[-1][0]

    def _dispatch_all(self, template):
        pool = ConnectionPool(self.transport, template)
        recipients = self._recipients()
        crash = None
        try:
            while True:
                batch = self._round(recipients, len(pool.idle) if crash is None and not self.stop_reason else 0)
                for recipient in batch:
                    pool.dispatch(recipient)
                if not pool.busy:
                    break
                for _worker_id, recipient, status, detail in pool.wait():
                    if status == "crash":
                        crash = crash or detail
                    elif status == "not-handed-over":
                        self.outcomes.append((recipient[0], None, detail))
                        self.stop_reason = detail
                    else:
                        self.outcomes.append((recipient[0], status, detail))
            if crash is not None:
                raise crash
        finally:
            pool.close()

    @transaction.atomic
    def _round(self, recipients, wanted_count):
        """One transaction: record the outcomes just reported, then write the rows for the next messages."""
        self._renew_claim()
        self._record_outcomes()
        batch = []
        while len(batch) < wanted_count:
            candidates = list(itertools.islice(recipients, wanted_count - len(batch)))
            if not candidates:
                break
            batch.extend(self._begin_attempts(candidates))
        return batch

    def _record_outcomes(self):
        sent = [subscriber_id for subscriber_id, status, _error in self.outcomes if status == DeliveryStatus.SENT]
        if sent:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {Delivery._meta.db_table} SET status = %s "  # noqa: S608 (table names from models; values bound)
                    f"WHERE issue_id = %s AND subscriber_id IN ({', '.join(['%s'] * len(sent))})",
                    [DeliveryStatus.SENT, self.issue.pk, *sent],
                )
        for subscriber_id, status, error in self.outcomes:
            if status == DeliveryStatus.SENT:
                continue
            rows = Delivery.objects.filter(issue=self.issue, subscriber_id=subscriber_id)
            if status is None:
                rows.delete()  # certainly not handed over: a later run sends it
            else:
                rows.update(status=status, error=error[:300])
        self.outcomes = []

    def _begin_attempts(self, candidates):
        """Write `attempting` rows for the candidates still subscribed (checked in the same statement, so an
        unsubscribe or a bounce during the send stops further mail) and return those."""
        ids = [candidate[0] for candidate in candidates]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        sql = (
            f"INSERT INTO {Delivery._meta.db_table} (issue_id, subscriber_id, status, created_at, error) "  # noqa: S608
            f"SELECT %s, subscription.subscriber_id, %s, %s, '' "
            f"FROM {Subscription._meta.db_table} subscription "
            f"JOIN {Subscriber._meta.db_table} subscriber ON subscriber.id = subscription.subscriber_id "
            f"WHERE subscription.newsletter_list_id = %s AND subscription.status = %s "
            f"AND subscriber.confirmed_at IS NOT NULL AND subscriber.suppressed_at IS NULL "
            f"AND subscription.subscriber_id IN ({', '.join(['%s'] * len(ids))}) "
            f"RETURNING subscriber_id"
        )
        params = [self.issue.pk, DeliveryStatus.ATTEMPTING, now, self.issue.newsletter_list_id]
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, SubscriptionStatus.ACTIVE, *ids])
            started = {row[0] for row in cursor.fetchall()}
        return [candidate for candidate in candidates if candidate[0] in started]

    def _renew_claim(self):
        now = timezone.now()
        if now - self.last_renewal < LEASE_RENEWAL:
            return
        renewed = Issue.objects.filter(pk=self.issue.pk, claim_token=self.claim_token).update(claimed_until=now + LEASE)
        if not renewed:
            raise ClaimLost(f"issue {self.issue.pk} was claimed by another worker")
        self.last_renewal = now

    def _finish(self, recovered):
        counts = dict(
            Delivery.objects.filter(issue=self.issue)
            .values("status")
            .annotate(total=Count("pk"))
            .values_list("status", "total")
        )
        issue = self.issue
        issue.sent_count = counts.get(DeliveryStatus.SENT, 0)
        issue.uncertain_count = counts.get(DeliveryStatus.UNCERTAIN, 0)
        issue.failed_count = counts.get(DeliveryStatus.FAILED, 0)
        fields = {"sent_count": issue.sent_count, "uncertain_count": issue.uncertain_count}
        fields["failed_count"] = issue.failed_count
        result = SendResult(issue.pk, issue.sent_count, issue.uncertain_count, issue.failed_count)
        if self.stop_reason:
            append_log(issue, "paused", reason=self.stop_reason[:200])
            result.notes.append(self.stop_reason)
        else:
            issue.status = IssueStatus.SENT
            issue.finished_at = timezone.now()
            fields.update(status=issue.status, finished_at=issue.finished_at)
            counts = {"sent": issue.sent_count, "uncertain": issue.uncertain_count, "failed": issue.failed_count}
            append_log(issue, "finished", **counts)
            result.finished = True
        Issue.objects.filter(pk=issue.pk).update(**fields)
        return result


class ConnectionPool:
    """Threads that each hold one connection and one message at a time. They never touch the database."""

    def __init__(self, transport, template):
        self.transport = transport
        self.template = template
        self.results = queue.Queue()
        self.inboxes = []
        self.threads = []
        self.idle = list(range(max(1, transport.connections)))
        self.busy = {}
        for worker_id in self.idle:
            inbox = queue.Queue(maxsize=1)
            thread = threading.Thread(target=self._work, args=(worker_id, inbox), daemon=True)
            self.inboxes.append(inbox)
            self.threads.append(thread)
            thread.start()

    def dispatch(self, recipient):
        worker_id = self.idle.pop()
        self.busy[worker_id] = recipient
        self.inboxes[worker_id].put(recipient)

    def wait(self):
        """Block for at least one outcome, then take every other one already in."""
        outcomes = [self.results.get()]
        while True:
            try:
                outcomes.append(self.results.get_nowait())
            except queue.Empty:
                break
        for worker_id, *_rest in outcomes:
            self.busy.pop(worker_id, None)
            self.idle.append(worker_id)
        return outcomes

    def close(self):
        for inbox in self.inboxes:
            inbox.put(None)
        for thread in self.threads:
            thread.join(timeout=60)

    def _work(self, worker_id, inbox):
        connection = None
        try:
            while (recipient := inbox.get()) is not None:
                try:
                    if connection is None:
                        connection = self.transport.open()
                    connection.send(self.template, recipient)
                    outcome = (DeliveryStatus.SENT, "")
                except Refused as error:
                    outcome = (DeliveryStatus.FAILED, str(error))
                except Uncertain as error:
                    outcome = (DeliveryStatus.UNCERTAIN, str(error))
                    connection = _drop(connection)
                except NotHandedOver as error:
                    outcome = ("not-handed-over", str(error))
                    connection = _drop(connection)
                except BaseException as error:  # a crash: report it, record nothing for this message
                    self.results.put((worker_id, recipient, "crash", error))
                    return
                self.results.put((worker_id, recipient, *outcome))
        finally:
            _drop(connection)


def _drop(connection):
    if connection is not None:
        try:
            connection.close()
        except Exception:
            logger.debug("closing a mail connection failed", exc_info=True)
    return None


def send_test(issue, email):
    """An editor's test: this issue as it stands, to one address, marked as a test."""
    rendered = render_issue(issue, stories_for(compose_issue(issue)))
    template = MessageTemplate(issue, dataclasses.replace(rendered, subject=f"[Test] {rendered.subject}"))
    template.email_message(email, None, "test").send()
