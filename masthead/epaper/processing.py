"""Turn an uploaded version into pages: check the PDF again, render every page
in a process pool across the machine's cores, record progress as pages finish,
then publish the whole version at once (or record why it failed)."""

import logging
import multiprocessing
import os
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from django.conf import settings

from masthead.core.pdfsanitise import PdfRefused, sanitise_pdf
from masthead.epaper import actions, storage
from masthead.epaper.render import SOURCE_FILE_NAME, PdfRejected, close_documents, inspect_pdf, render_page

logger = logging.getLogger(__name__)


def process_version(edition_id, token, *, on_progress=None, processes=None):
    """Process the queued version `token` of an edition. Returns the published
    edition, or None when it failed (the reason is on the edition) or was
    replaced by a newer upload meanwhile."""
    edition = actions.do_start_processing(edition_id, token)
    if edition is None:
        return None
    started = time.monotonic()
    spec = actions.render_spec()

    def page_done(done, total):
        actions.record_progress(edition_id, token, done)
        if on_progress is not None:
            on_progress(done, total)

    try:
        with storage.work_directory() as work:
            pages = _make_version(edition_id, token, work, spec, processes, page_done)
    except (PdfRejected, PdfRefused) as rejection:
        actions.do_fail_version(edition_id, token, rejection.message)
        return None
    except Exception as error:
        logger.exception("e-paper processing failed for edition %s", edition_id)
        actions.do_fail_version(edition_id, token, f"Processing failed: {error.__class__.__name__}: {error}")
        return None
    return actions.do_publish_version(edition_id, token, pages, seconds=time.monotonic() - started)


def _make_version(edition_id, token, work, spec, processes, page_done):
    """Fetch the upload, write the sanitised PDF and every page's files into the
    local folder `work`, then store them all; return the pages' rows. Names in
    the store are fixed by (edition, token, page), so a second run after a
    stopped worker writes the same names again."""
    original = storage.fetch(storage.original_name(edition_id, token), work)
    inspect_pdf(original, actions.limits(), spec)
    out_dir = os.path.join(work, "out")
    os.mkdir(out_dir)
    source = os.path.join(out_dir, SOURCE_FILE_NAME)
    removed = sanitise_pdf(original, source)
    if removed:
        logger.warning("e-paper edition %s: removed active content: %s", edition_id, ", ".join(removed.lines()))
    info = inspect_pdf(source, actions.limits(), spec)
    pages = render_pages(
        source,
        out_dir,
        info.page_count,
        spec.as_dict(),
        processes=processes or settings.MASTHEAD_EPAPER_PROCESSES,
        on_page=page_done,
    )
    for file_name in sorted(os.listdir(out_dir)):
        storage.store(os.path.join(out_dir, file_name), storage.name_in_version(edition_id, token, file_name))
    return pages


def render_pages(pdf_path, out_dir, page_count, spec_dict, *, processes, on_page=None):
    """Render every page; in a pool of `processes` worker processes when there
    is more than one page and more than one process."""
    results = []
    workers = max(1, min(processes, page_count))
    if workers == 1:
        try:
            for number in range(1, page_count + 1):
                results.append(render_page(str(pdf_path), number, str(out_dir), spec_dict))
                if on_page:
                    on_page(len(results), page_count)
        finally:
            close_documents()
        return results
    # forkserver: workers start from a clean interpreter that has imported only
    # the renderer, never from a copy of a web or task process with open connections.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["masthead.epaper.render"])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending = {
            pool.submit(render_page, str(pdf_path), number, str(out_dir), spec_dict)
            for number in range(1, page_count + 1)
        }
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                error = future.exception()
                if error is not None:
                    for other in pending:
                        other.cancel()
                    raise error
                results.append(future.result())
                if on_page:
                    on_page(len(results), page_count)
    return results
