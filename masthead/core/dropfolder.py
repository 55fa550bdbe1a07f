"""Watched folders that other systems write into: a printer's e-paper PDFs,
an agency's wire copy. Plain functions, no Django.

Everything in such a folder is hostile until checked, and may still be being
written. The rules:

- Only regular files directly in the folder are taken. A symbolic link, a
  hard link (a second name for a file that may live elsewhere), a FIFO, a
  device or a socket is refused and moved, as it is, to `rejected/` with a note:
  nothing outside the folder is ever read, and nothing blocks the worker.
  Directories are left alone.
- A file still being written is not taken. Names starting with `.` (rsync's
  temporary files) or ending in `.part`, `.filepart`, `.tmp` or `.crdownload`
  are skipped: a sender that writes `NAME.part` and renames it to `NAME` when
  done is never read half-way. Any other file is taken once neither its
  content nor its metadata has changed for `settle_seconds` (its change time,
  which a copying tool cannot set back, as it can the modification time).
- A file is claimed by renaming it into `processing/` under a new random name;
  only one of several workers can win the rename. The claimed file is opened
  without following links and checked to be the same file that was found.
- When done it moves to `done/`, or to `rejected/` beside a note saying why.
  Both keep the dropped name after our own prefix, for the operator to find.
  A claim whose worker stopped is put back by `release_stale`.
- Files we write ourselves (notes) are written whole or not at all
  (`write_atomic`).
"""

import os
import re
import secrets
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROCESSING, DONE, REJECTED = "processing", "done", "rejected"
SUBFOLDERS = (PROCESSING, DONE, REJECTED)
IN_PROGRESS_SUFFIXES = (".part", ".filepart", ".tmp", ".crdownload")
CLAIM_NAME = re.compile(r"^(?P<token>[0-9a-f]{16})~(?P<name>.+)$")
MAX_NAME_LENGTH = 200


class DropFolderError(Exception):
    """The folder itself cannot be used safely (a subfolder is a link, or not a folder)."""


@dataclass(frozen=True)
class Arrival:
    """A settled regular file found in the folder."""

    name: str
    size: int
    device: int
    inode: int


@dataclass(frozen=True)
class Refusal:
    """An entry that will not be read, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class Claim:
    """A file this worker has taken: it now lives at `path` in `processing/`."""

    folder: Path
    name: str
    token: str
    path: Path
    size: int
    device: int
    inode: int


@dataclass(frozen=True)
class Scan:
    waiting: list
    refused: list


def prepare(folder):
    """The folder, resolved once, with its subfolders made; None if it does not exist.
    Raises DropFolderError if a subfolder is a link or not a directory."""
    folder = Path(folder)
    if not folder.is_dir():
        return None
    folder = folder.resolve()
    for name in SUBFOLDERS:
        sub = folder / name
        try:
            sub.mkdir()
        except FileExistsError:
            pass
        mode = os.lstat(sub).st_mode
        if not stat.S_ISDIR(mode):
            raise DropFolderError(f"{sub} must be a folder of its own, not a link or a file.")
    return folder


def _in_progress(name):
    lowered = name.lower()
    return name.startswith(".") or lowered.endswith(IN_PROGRESS_SUFFIXES)


def _refusal_reason(name, info):
    if stat.S_ISLNK(info.st_mode):
        return "It is a symbolic link; only files copied into the folder are taken."
    if not stat.S_ISREG(info.st_mode):
        return "It is not a regular file."
    if info.st_nlink > 1:
        return "It is a hard link to a file that may live elsewhere; copy the file into the folder instead."
    if len(name) > MAX_NAME_LENGTH or not name.isprintable():
        return f"Its name is longer than {MAX_NAME_LENGTH} characters or has control characters."
    return None


def scan(folder, *, settle_seconds, now=None):
    """The settled files waiting in a prepared folder (oldest name first), and
    the entries to refuse. Reads nothing but the folder's listing and each
    entry's own metadata (never a link's target)."""
    now = time.time() if now is None else now
    settled_before = now - settle_seconds
    waiting, refused = [], []
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda entry: entry.name):
            if entry.name in SUBFOLDERS or _in_progress(entry.name):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            if stat.S_ISDIR(info.st_mode):
                continue
            reason = _refusal_reason(entry.name, info)
            if reason is not None:
                refused.append(Refusal(entry.name, reason))
                continue
            if max(info.st_mtime, info.st_ctime) > settled_before:
                continue
            waiting.append(Arrival(entry.name, info.st_size, info.st_dev, info.st_ino))
    return Scan(waiting=waiting, refused=refused)


def _token():
    return secrets.token_hex(8)


def claim(folder, arrival):
    """Take a waiting file by renaming it into `processing/`; None if another
    worker took it first, or it changed since it was found (it is then left or
    refused, never read)."""
    token = _token()
    target = folder / PROCESSING / f"{token}~{arrival.name}"
    try:
        os.rename(folder / arrival.name, target)
    except FileNotFoundError:
        return None
    info = os.lstat(target)
    if (info.st_dev, info.st_ino) != (arrival.device, arrival.inode) or _refusal_reason(arrival.name, info):
        _move_aside(target, folder, arrival.name, token, "It changed while it was being taken.")
        return None
    return Claim(folder, arrival.name, token, target, info.st_size, info.st_dev, info.st_ino)


def claim_settled(folder, *, settle_seconds, now=None):
    """Prepare the folder, refuse what must be refused, and claim every settled
    file. Returns (claims, refusals); ([], []) when the folder does not exist."""
    folder = prepare(folder)
    if folder is None:
        return [], []
    found = scan(folder, settle_seconds=settle_seconds, now=now)
    refusals = [refusal for refusal in found.refused if reject_entry(folder, refusal)]
    claims = [taken for arrival in found.waiting if (taken := claim(folder, arrival)) is not None]
    return claims, refusals


def open_claim(claim):
    """Open a claimed file for reading without following links, and check it is
    still the file that was claimed."""
    descriptor = os.open(claim.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode) or (info.st_dev, info.st_ino) != (claim.device, claim.inode):
        os.close(descriptor)
        raise DropFolderError(f"{claim.name!r} changed after it was claimed.")
    os.set_blocking(descriptor, True)
    return os.fdopen(descriptor, "rb")


def heartbeat(claim):
    """Mark a claim as still being worked on (so `release_stale` leaves it)."""
    os.utime(claim.path)


def _stamp():
    return time.strftime("%Y%m%dT%H%M%S")


def finish(claim):
    """Move a claimed file to `done/`; returns its new path."""
    target = claim.folder / DONE / f"{_stamp()}-{claim.token}~{claim.name}"
    os.rename(claim.path, target)
    return target


def _label(name):
    """The dropped name as we may write it: printable, and short enough for a file name."""
    return "".join(char if char.isprintable() and char != "/" else "_" for char in name)[:MAX_NAME_LENGTH]


def _move_aside(source, folder, name, token, reason):
    target = folder / REJECTED / f"{_stamp()}-{token}~{_label(name)}"
    try:
        os.rename(source, target)
    except FileNotFoundError:
        return None
    write_atomic(Path(f"{target}.txt"), f"{_label(name)}\n{reason}\n".encode())
    return target


def reject(claim, reason):
    """Move a claimed file to `rejected/` with a note `<file>.txt` saying why."""
    return _move_aside(claim.path, claim.folder, claim.name, claim.token, reason)


def reject_entry(folder, refusal):
    """Move a refused entry (a link is moved as a link, its target untouched) to
    `rejected/` with its note; False if it had gone meanwhile."""
    return _move_aside(folder / refusal.name, folder, refusal.name, _token(), refusal.reason) is not None


def release_stale(folder, *, older_than_seconds, now=None):
    """Put back, under their dropped names, files claimed longer ago than
    `older_than_seconds` (their worker stopped); returns the names put back.
    A file whose name has since been dropped again stays in `processing/`."""
    folder = prepare(folder)
    if folder is None:
        return []
    now = time.time() if now is None else now
    released = []
    for entry in sorted((folder / PROCESSING).iterdir()):
        match = CLAIM_NAME.match(entry.name)
        if match is None:
            continue
        try:
            info = os.lstat(entry)
        except FileNotFoundError:
            continue
        if info.st_ctime > now - older_than_seconds or not stat.S_ISREG(info.st_mode):
            continue
        original = folder / match["name"]
        if os.path.lexists(original):
            continue
        try:
            os.rename(entry, original)
        except FileNotFoundError:
            continue
        released.append(match["name"])
    return released


def write_atomic(path, data):
    """Write bytes to `path` whole or not at all: a temporary file in the same
    folder, flushed to disk, then renamed over the target."""
    path = Path(path)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    return path
