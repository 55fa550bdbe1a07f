"""The two reads a logged-in page view makes when its reader's meter or grants are
not cached, in plain SQL.

On our machines the ORM spent about 0.5 ms building each of these one-table
queries and the database 0.04 ms answering it, which put the access decision for
a reader whose cache had just been dropped (after every counted read) over its
1 ms budget (`make bench BENCH=access`). The statements are built once per
database vendor from the models' own table and column names; values go as
parameters.
"""

import datetime
import functools

from django.db import connection
from django.utils.dateparse import parse_datetime

from masthead.access.models import Entitlement, MeteredRead


def _columns(model, *names):
    return [connection.ops.quote_name(model._meta.get_field(name).column) for name in names]


@functools.cache
def _meter_sql(vendor):
    article, counted_at, reader = _columns(MeteredRead, "article", "counted_at", "reader")
    table = connection.ops.quote_name(MeteredRead._meta.db_table)
    return f"SELECT {article}, {counted_at} FROM {table} WHERE {reader} = %s AND {counted_at} > %s"  # noqa: S608


@functools.cache
def _entitlements_sql(vendor):
    publication, starts_at, ends_at, reader, kind, revoked_at = _columns(
        Entitlement, "publication", "starts_at", "ends_at", "reader", "kind", "revoked_at"
    )
    table = connection.ops.quote_name(Entitlement._meta.db_table)
    return (
        f"SELECT {publication}, {starts_at}, {ends_at} FROM {table} "  # noqa: S608
        f"WHERE {reader} = %s AND {kind} = %s AND {revoked_at} IS NULL"
    )


def _aware(value):
    """A stored moment as an aware datetime, as the ORM would give it."""
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value


def metered_reads(reader_id, since):
    """[(article id, counted at)] for the reader's reads counted after `since`."""
    with connection.cursor() as cursor:
        cursor.execute(_meter_sql(connection.vendor), [reader_id, connection.ops.adapt_datetimefield_value(since)])
        return [(article_id, _aware(counted_at)) for article_id, counted_at in cursor.fetchall()]


def live_grants(reader_id, kind):
    """[(publication id or None, starts at, ends at or None)] of the reader's unrevoked grants of `kind`."""
    with connection.cursor() as cursor:
        cursor.execute(_entitlements_sql(connection.vendor), [reader_id, str(kind)])
        return [(publication, _aware(starts), _aware(ends)) for publication, starts, ends in cursor.fetchall()]
