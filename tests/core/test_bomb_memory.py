"""The bombs of the hostile corpus, each in a fresh process under an address
space limit, through the same checks the upload paths run: each is refused
with its message (no MemoryError, no crash) and the process's peak memory
stays small."""

import json
import os
import resource
import subprocess
import sys
import textwrap

from tests.fixtures.hostile import documents, images, params, pdfs

ADDRESS_SPACE_LIMIT = 3 * 1024**3  # pdfium, qpdf and the interpreter reserve more than they touch
PEAK_RSS_LIMIT_MB = 400
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CHILD = textwrap.dedent(
    """
    import json, resource, sys, tempfile, pathlib
    import django
    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from masthead.core.documents import DocumentRefused, check_document
    from masthead.core.images import decode_check
    from masthead.core.pdfsanitise import PdfRefused, check_pdf, sanitise_pdf
    from masthead.epaper.actions import limits, render_spec
    from masthead.epaper.render import PdfRejected, inspect_pdf

    def check(kind, filename, data):
        try:
            if kind == "pdf":
                folder = pathlib.Path(tempfile.mkdtemp())
                path = folder / "original.pdf"
                path.write_bytes(data)
                inspect_pdf(path, limits(), render_spec())
                check_pdf(path)
                sanitise_pdf(path, folder / "source.pdf")
            elif kind == "image":
                decode_check(SimpleUploadedFile(filename, data))
            else:
                check_document(SimpleUploadedFile(filename, data))
        except (PdfRejected, PdfRefused, DocumentRefused) as refusal:
            return "refused: " + str(getattr(refusal, "message", refusal))
        except ValidationError as refusal:
            return "refused: " + " ".join(refusal.messages)
        return "accepted"

    for line in sys.stdin:
        kind, filename, path = json.loads(line)
        outcome = check(kind, filename, pathlib.Path(path).read_bytes())
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"file": path, "outcome": outcome, "peak_mb": peak}), flush=True)
    """
)


def bombs():
    for kind, module in (("pdf", pdfs), ("image", images), ("document", documents)):
        for case in module.cases():
            if case.bomb:
                yield kind, case


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))


def test_bombs_are_refused_within_bounded_memory(tmp_path):
    """One process takes every bomb in turn; its peak resident memory after each
    one (the running maximum) stays under the limit, and each is refused with its message."""
    cases = list(bombs())
    lines = []
    for number, (kind, case) in enumerate(cases):
        path = tmp_path / f"{number}-{case.filename}"
        path.write_bytes(case.data)
        lines.append(json.dumps([kind, case.filename, str(path)]))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "masthead.settings_test", "PYTHONPATH": ROOT}
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        input="\n".join(lines) + "\n",
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=_limit_memory,  # noqa: PLW1509 (the test process starts no threads of its own here)
    )
    assert result.returncode == 0, result.stderr[-3000:]
    reports = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(reports) == len(cases)
    for (_kind, case), report in zip(cases, reports, strict=True):
        assert report["outcome"].startswith("refused") and case.why in report["outcome"], (case.name, report)
        assert report["peak_mb"] < PEAK_RSS_LIMIT_MB, (case.name, report)


def test_every_bomb_is_in_the_memory_test():
    assert len(list(bombs())) >= 8
    assert params  # the corpus helpers import cleanly
