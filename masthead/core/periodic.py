"""Jobs run on a clock by `masthead worker` (scheduled publishing, due
newsletters, the e-paper drop folder). Each job must be idempotent: two workers
or a cron run may call it at the same minute."""

import logging

from django.conf import settings
from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def run_periodic_jobs():
    results = {}
    for dotted_path in settings.MASTHEAD_PERIODIC_JOBS:
        close_old_connections()
        try:
            import_string(dotted_path)()
            results[dotted_path] = "ok"
        except Exception:
            logger.exception("periodic job %s failed", dotted_path)
            results[dotted_path] = "failed"
    return results
