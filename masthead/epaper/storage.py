"""Where an edition's files live: `epaper/<edition id>/<token>/` in the
`protected` storage (a private folder on this machine, or a private bucket;
see `masthead/core/storage.py`).

Files leave only through the views in `views.py`. Every name is built from our
own values (an edition's id, a random hex token, a page number), never from a
name that came from outside. Processing works on local files: the upload is
fetched into a temporary folder when the storage is remote, and what is made
from it is stored name by name, each whole; writing the same names again (a
retried task) replaces them.
"""

import os
import re
import secrets
import tempfile

from masthead.core import storage as core_storage
from masthead.epaper.render import COVER_FILE_NAME, ORIGINAL_FILE_NAME, SOURCE_FILE_NAME, page_file_names

TOKEN_PATTERN = re.compile(r"^[0-9a-f]{16,32}$")
PREFIX = "epaper"


def new_token():
    return secrets.token_hex(8)


def version_prefix(edition_id, token):
    if not TOKEN_PATTERN.match(token or ""):
        raise ValueError("not a storage token")
    return f"{PREFIX}/{int(edition_id)}/{token}"


def name_in_version(edition_id, token, file_name):
    return f"{version_prefix(edition_id, token)}/{file_name}"


def source_name(edition_id, token):
    """The sanitised PDF readers may download."""
    return name_in_version(edition_id, token, SOURCE_FILE_NAME)


def original_name(edition_id, token):
    """The upload as it came; kept, never served."""
    return name_in_version(edition_id, token, ORIGINAL_FILE_NAME)


def page_file(edition_id, token, number, kind):
    return name_in_version(edition_id, token, page_file_names(int(number))[kind])


def cover_file(edition_id, token):
    return name_in_version(edition_id, token, COVER_FILE_NAME)


def exists(name):
    return core_storage.protected().exists(name)


def size(name):
    return core_storage.protected().size(name)


def remove_version(edition_id, token):
    if token and TOKEN_PATTERN.match(token):
        core_storage.delete_tree(core_storage.protected(), version_prefix(edition_id, token))


def remove_edition(edition_id):
    core_storage.delete_tree(core_storage.protected(), f"{PREFIX}/{int(edition_id)}")


def store(local_path, name):
    """Store a local file (consumed) under `name` in the protected storage."""
    return core_storage.save_file(core_storage.protected(), name, local_path)


def fetch(name, directory):
    """A local path holding a stored file (downloaded into `directory` if need be)."""
    return core_storage.fetch_file(core_storage.protected(), name, directory)


def spool_upload(source, directory, *, max_bytes):
    """Copy an upload (a path or a file object) into `directory`, stopping as
    soon as it passes `max_bytes`. Returns the local path, or raises `FileTooLarge`."""
    target = os.path.join(directory, ORIGINAL_FILE_NAME)
    written = 0
    opened = None
    if isinstance(source, (str, os.PathLike)):
        opened = source = open(source, "rb")  # noqa: SIM115
    try:
        if hasattr(source, "seek"):
            source.seek(0)
        with open(target, "wb") as out:
            while chunk := source.read(1024 * 1024):
                written += len(chunk)
                if written > max_bytes:
                    raise FileTooLarge(written)
                out.write(chunk)
    finally:
        if opened is not None:
            opened.close()
    return target


def work_directory():
    """A temporary local folder for one upload or one processing run."""
    return tempfile.TemporaryDirectory(prefix="masthead-epaper-")


class FileTooLarge(Exception):
    pass
