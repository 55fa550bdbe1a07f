"""Where an edition's files live: `<MASTHEAD_EPAPER_ROOT>/<edition id>/<token>/`.

The root is private (not under MEDIA_ROOT); files leave only through the
views in `views.py`. Every path is built from our own values (an edition's id,
a random hex token, a page number), never from a name that came from outside.
"""

import re
import secrets
import shutil
from pathlib import Path

from django.conf import settings

from masthead.epaper.render import COVER_FILE_NAME, ORIGINAL_FILE_NAME, SOURCE_FILE_NAME, page_file_names

TOKEN_PATTERN = re.compile(r"^[0-9a-f]{16,32}$")


def root():
    return Path(settings.MASTHEAD_EPAPER_ROOT)


def new_token():
    return secrets.token_hex(8)


def version_dir(edition_id, token):
    if not TOKEN_PATTERN.match(token or ""):
        raise ValueError("not a storage token")
    return root() / str(int(edition_id)) / token


def source_path(edition_id, token):
    return version_dir(edition_id, token) / SOURCE_FILE_NAME


def original_path(edition_id, token):
    return version_dir(edition_id, token) / ORIGINAL_FILE_NAME


def source_relative_path(edition_id, token):
    return f"{int(edition_id)}/{token}/{SOURCE_FILE_NAME}"


def page_file(edition_id, token, number, kind):
    return version_dir(edition_id, token) / page_file_names(int(number))[kind]


def cover_file(edition_id, token):
    return version_dir(edition_id, token) / COVER_FILE_NAME


def remove_version(edition_id, token):
    if token and TOKEN_PATTERN.match(token):
        shutil.rmtree(version_dir(edition_id, token), ignore_errors=True)


def remove_edition(edition_id):
    shutil.rmtree(root() / str(int(edition_id)), ignore_errors=True)


def copy_source(source, edition_id, token, *, max_bytes):
    """Copy an uploaded file (a path or a file object) into a new version
    directory as `original.pdf`; stop as soon as it passes `max_bytes`. Returns
    the number of bytes written, or raises `FileTooLarge`."""
    target_dir = version_dir(edition_id, token)
    target_dir.mkdir(parents=True, exist_ok=False)
    target = target_dir / ORIGINAL_FILE_NAME
    written = 0
    opened = None
    if isinstance(source, (str, Path)):
        opened = source = open(source, "rb")  # noqa: SIM115
    try:
        if hasattr(source, "seek"):
            source.seek(0)
        with target.open("wb") as out:
            while chunk := source.read(1024 * 1024):
                written += len(chunk)
                if written > max_bytes:
                    raise FileTooLarge(written)
                out.write(chunk)
    finally:
        if opened is not None:
            opened.close()
    return written


class FileTooLarge(Exception):
    pass
