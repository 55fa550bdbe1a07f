"""The paywall funnel: every gate shown, and the registrations and subscriptions
that follow one.

Each gate shown is a row naming the reader: their account, or for an anonymous
reader the anonymous id their signed meter cookie already carries (the gate
gives them one if they had none). A registration in the same browser (allauth's
`user_signed_up`) is traced to the latest gate shown to that anonymous id; a
subscription (an entitlement granted by billing, not by staff) to the latest
gate the reader saw, logged in or before registering, within the attribution
window. No cookie of its own is needed, so a gate costs no extra signature.

Gates are shown far more often than anything else is written, so their rows are
kept as plain tuples in a small per-process batch and written together with one
`executemany`: when the batch is full, when it is a few seconds old, when
something reads the funnel, and at exit. A gated page thus costs little more
than an open one (measured by `make bench BENCH=access`).
"""

import atexit
import datetime
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from masthead.access.meter import COOKIE_NAME, CookieMeter, random_bytes
from masthead.access.models import FunnelConversion, FunnelStep, GateImpression

logger = logging.getLogger(__name__)

ATTRIBUTION_DAYS = 30
BATCH_SECONDS = 5.0


class _Batch:
    def __init__(self):
        self.lock = threading.Lock()
        self.rows = []
        self.started = time.monotonic()

    def add(self, row):
        with self.lock:
            if not self.rows:
                self.started = time.monotonic()
            self.rows.append(row)
            due = len(self.rows) >= _batch_size() or time.monotonic() - self.started >= BATCH_SECONDS
        if due:
            self.flush()

    def flush_if_due(self):
        if self.rows and time.monotonic() - self.started >= BATCH_SECONDS:
            self.flush()

    def take(self):
        with self.lock:
            rows, self.rows = self.rows, []
        return rows

    def flush(self):
        rows = self.take()
        if not rows:
            return
        try:
            _write(rows)
        except DatabaseError:
            # An article deleted in the meantime, or the database away: the
            # funnel loses these few rows rather than a reader their page.
            logger.warning("Could not record %d gate impressions", len(rows), exc_info=True)


# The batch holds one tuple per gate shown, in this order (the last is `shown_at`).
_FIELDS = ("token", "article", "publication", "gate", "reason", "reader", "anonymous_id", "shown_at")


def _write(rows):
    """Insert the rows in one statement run over the batch: no model instance per row."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(GateImpression._meta.get_field(name).column) for name in _FIELDS)
    placeholders = ", ".join(["%s"] * len(_FIELDS))
    adapt = connection.ops.adapt_datetimefield_value
    # Only our own table and column names are put in the text; the values go as parameters.
    sql = f"INSERT INTO {quote(GateImpression._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, [(*row[:-1], adapt(row[-1])) for row in rows])


def _batch_size():
    return settings.MASTHEAD_FUNNEL_BATCH_SIZE


_batch = _Batch()
atexit.register(lambda: _flush_quietly())


def _flush_quietly():
    rows = _batch.take()
    try:
        if rows:
            _write(rows)
    except Exception:  # noqa: S110 - the process is ending and its log may be closed
        pass


def flush_gate_impressions():
    """Write the gates this process has shown and not yet written."""
    _batch.flush()


def flush_if_due():
    _batch.flush_if_due()


def record_gate_shown(request, response, facts, decision):
    reader = request.reader
    _batch.add(
        (
            random_bytes(16).hex(),
            facts.article_id,
            facts.publication_id,
            decision.gate,
            decision.reason,
            reader.user_id,
            "" if reader.is_authenticated else reader.cookie_meter.ensure_anonymous_id(),
            timezone.now(),
        )
    )


def gate_for_browser(request, now=None):
    """(token, article id, publication id, gate) of the last gate shown in this browser
    before its reader logged in, from the anonymous id of its meter cookie, or None.
    A forged or broken cookie has no id, so it is traced to nothing."""
    if request is None:
        return None
    anonymous_id = CookieMeter.from_cookie(request.COOKIES.get(COOKIE_NAME)).anonymous_id
    if not anonymous_id:
        return None
    flush_gate_impressions()
    since = (now or timezone.now()) - datetime.timedelta(days=ATTRIBUTION_DAYS)
    return (
        GateImpression.objects.filter(anonymous_id=anonymous_id, shown_at__gte=since, token__isnull=False)
        .order_by("-shown_at", "-pk")
        .values_list("token", "article_id", "publication_id", "gate")
        .first()
    )


def _record_conversion(step, reader, token, article_id, publication_id, gate, entitlement=None):
    from masthead.news.models import ArticlePage, PublicationPage

    FunnelConversion.objects.get_or_create(
        gate_token=token,
        step=step,
        reader=reader,
        defaults={
            "article_id": article_id if ArticlePage.objects.filter(pk=article_id).exists() else None,
            "publication_id": publication_id
            if publication_id and PublicationPage.objects.filter(pk=publication_id).exists()
            else None,
            "gate": gate,
            "entitlement": entitlement,
        },
    )


def on_user_signed_up(sender, request=None, user=None, **kwargs):
    gate = gate_for_browser(request)
    if gate is None or user is None:
        return
    _record_conversion(FunnelStep.REGISTERED, user, *gate)


def latest_gate_for(user, now=None):
    """(token, article id, publication id, gate) of the last gate this reader saw, or None."""
    flush_gate_impressions()
    since = (now or timezone.now()) - datetime.timedelta(days=ATTRIBUTION_DAYS)
    shown = (
        GateImpression.objects.filter(reader=user, shown_at__gte=since, token__isnull=False)
        .order_by("-shown_at")
        .values_list("shown_at", "token", "article_id", "publication_id", "gate")
        .first()
    )
    registered = (
        FunnelConversion.objects.filter(reader=user, step=FunnelStep.REGISTERED, happened_at__gte=since)
        .order_by("-happened_at")
        .values_list("happened_at", "gate_token", "article_id", "publication_id", "gate")
        .first()
    )
    candidates = [candidate for candidate in (shown, registered) if candidate is not None]
    if not candidates:
        return None
    return max(candidates)[1:]


def on_entitlement_granted(sender, entitlement=None, acting_user=None, **kwargs):
    """A purchase after a gate converts; a complimentary grant by staff does not."""
    if entitlement is None or acting_user is not None:
        return
    gate = latest_gate_for(entitlement.reader)
    if gate is None:
        return
    _record_conversion(FunnelStep.SUBSCRIBED, entitlement.reader, *gate, entitlement=entitlement)
