"""Webhook handling time on SQLite, excluding the network.

Signed Stripe events (new subscriptions: subscription created, first invoice
paid, checkout completed; then renewals: invoice paid, subscription updated)
are posted through Django's test client to /billing/webhooks/stripe/, so each
figure covers signature verification, the exactly-once bookkeeping, our
billing records and the entitlement writes (and every middleware of the
site). Wall time is what the target is about (p99 <= 20 ms); CPU time of the
handling thread is printed beside it, as it moves less when the machine is busy.
"""

import datetime
import json
import os
import statistics
import tempfile
import time

READERS = int(os.environ.get("BENCH_WEBHOOK_READERS", "150"))
SECRET = "whsec_bench_masthead"


def _setup_django(directory):
    os.environ["MASTHEAD_DEMO"] = "1"
    os.environ["MASTHEAD_VAR_DIR"] = directory
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ["REDIS_URL"] = ""
    os.environ["STRIPE_SECRET_KEY"] = ""
    os.environ["STRIPE_WEBHOOK_SECRET"] = SECRET
    os.environ["DJANGO_SETTINGS_MODULE"] = "masthead.settings"
    import django

    django.setup()
    from django.core.management import call_command

    print("migrating a fresh SQLite database…", flush=True)
    call_command("migrate", verbosity=0, interactive=False)


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _events_for_new_subscriptions(plan, cohort):
    from masthead.billing.actions import do_create_order
    from masthead.billing.providers import demo
    from tests.factories import make_reader

    events, renewals = [], []
    for number in range(READERS):
        reader = make_reader(f"bench-{cohort}-{number}@example.org")
        order = do_create_order(reader, plan, provider_name="stripe")
        order.provider_session_id = f"cs_test_bench_{cohort}_{number}"
        order.status = "open"
        order.save(update_fields=["provider_session_id", "status"])
        started = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(days=31)
        new = demo.checkout_completed_events(order, now=started)
        events += [("new subscription", event) for event in new]
        subscription = new[0]["data"]["object"]
        renewals.append((subscription, started))
    return events, renewals


def _renewal_events(plan, renewals):
    from masthead.billing import rules
    from masthead.billing.providers import demo

    events = []
    for subscription, started in renewals:
        period_start = rules.period_after(started, "month")
        period_end = rules.period_after(period_start, "month")
        invoice = demo.invoice_object(
            subscription["id"],
            customer_id=subscription["customer"],
            amount_cents=plan.price_cents,
            period_start=period_start,
            period_end=period_end,
            paid=True,
        )
        renewed = json.loads(json.dumps(subscription))
        renewed["items"]["data"][0]["current_period_start"] = int(period_start.timestamp())
        renewed["items"]["data"][0]["current_period_end"] = int(period_end.timestamp())
        created = int(period_start.timestamp())
        events.append(("renewal", demo.build_event("invoice.paid", invoice, created=created)))
        events.append(("renewal", demo.build_event("customer.subscription.updated", renewed, created=created)))
    return events


def _post_all(events, *, direct=False):
    """Through the test client (every middleware), or straight to verification and the handler."""
    from django.test import Client
    from stripe import WebhookSignature

    from masthead.billing.providers.stripe import construct_event
    from masthead.billing.webhooks import receive_event

    def handle_directly(payload, header):
        receive_event(construct_event(payload, header, SECRET), provider="stripe")
        return None

    client = Client()
    timings = {}
    for kind, event in events:
        payload = json.dumps(event)
        header = WebhookSignature.generate_signature_header(payload, SECRET)
        started, started_cpu = time.perf_counter(), time.thread_time()
        response = (
            handle_directly(payload, header)
            if direct
            else client.post(
                "/billing/webhooks/stripe/", data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
            )
        )
        elapsed, cpu = (time.perf_counter() - started) * 1000, (time.thread_time() - started_cpu) * 1000
        if response is not None and response.status_code != 200:
            raise SystemExit(f"webhook answered {response.status_code}: {response.content[:200]!r}")
        timings.setdefault(kind, []).append(elapsed)
        timings.setdefault(f"{kind} (CPU)", []).append(cpu)
    return timings


def _report(label, values):
    print(
        f"{label:<24} n={len(values):<5} p50={statistics.median(values):6.2f} ms  "
        f"p95={_percentile(values, 0.95):6.2f} ms  p99={_percentile(values, 0.99):6.2f} ms  max={max(values):6.2f} ms"
    )


def main():
    with tempfile.TemporaryDirectory(prefix="masthead-bench-webhooks-") as directory:
        _setup_django(directory)
        from masthead.access.models import Entitlement
        from masthead.billing.demo import ensure_demo_plans

        plan = ensure_demo_plans()["digital-monthly"]
        cohorts = {}
        for cohort in ("client", "direct"):
            new_events, renewals = _events_for_new_subscriptions(plan, cohort)
            cohorts[cohort] = new_events + _renewal_events(plan, renewals)
        print(f"posting {len(cohorts['client'])} signed events for {READERS} readers, twice…", flush=True)
        print(f"load average before: {' '.join(f'{load:.1f}' for load in os.getloadavg())} on {os.cpu_count()} CPUs")
        for cohort, events in cohorts.items():
            direct = cohort == "direct"
            print(
                "\nstraight to verification and handler (no middleware):"
                if direct
                else "\nthrough the test client (the whole request, every middleware):"
            )
            _post_all(events[:6], direct=direct)  # warm up imports, then measure from scratch
            timings = _post_all(events[6:], direct=direct)
            for label, values in timings.items():
                _report(label, values)
            _report("all events", [value for kind, values in timings.items() if "CPU" not in kind for value in values])
            _report(
                "all events (CPU)", [value for kind, values in timings.items() if "CPU" in kind for value in values]
            )
        live = Entitlement.objects.active().filter(kind="digital").count()
        print(f"\nreaders with digital access afterwards: {live} of {2 * READERS}")
