"""The watched-folder rules (`masthead.core.dropfolder`): nothing outside the
folder is read, nothing half-written is taken, a file is taken once."""

import multiprocessing
import os
import time

import pytest

from masthead.core import dropfolder

OLD = 0  # settle_seconds for tests that do not test settling


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "drop"
    path.mkdir()
    return path


def later(seconds=3600):
    return time.time() + seconds


def names(claims):
    return [claim.name for claim in claims]


def rejected_notes(folder):
    return {path.read_text().splitlines()[0]: path.read_text() for path in (folder / "rejected").glob("*.txt")}


def test_a_settled_file_is_claimed_once(folder):
    (folder / "edition.pdf").write_bytes(b"%PDF-1.7 ...")
    claims, refusals = dropfolder.claim_settled(folder, settle_seconds=OLD)
    assert names(claims) == ["edition.pdf"] and refusals == []
    assert claims[0].path.parent == folder / "processing"
    assert not (folder / "edition.pdf").exists()
    assert dropfolder.claim_settled(folder, settle_seconds=OLD) == ([], [])
    with dropfolder.open_claim(claims[0]) as handle:
        assert handle.read() == b"%PDF-1.7 ..."


def test_a_symlink_to_a_file_outside_is_refused_and_its_target_never_touched(folder, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF- not yours")
    (folder / "northern-courier_2026-11-27.pdf").symlink_to(secret)
    (folder / "inside.pdf").write_bytes(b"%PDF- inside")
    (folder / "link-to-inside.pdf").symlink_to(folder / "inside.pdf")
    claims, refusals = dropfolder.claim_settled(folder, settle_seconds=OLD)
    assert names(claims) == ["inside.pdf"]
    assert sorted(refusal.name for refusal in refusals) == ["link-to-inside.pdf", "northern-courier_2026-11-27.pdf"]
    assert secret.read_bytes() == b"%PDF- not yours"
    moved = [path for path in (folder / "rejected").iterdir() if path.is_symlink()]
    assert len(moved) == 2  # moved as links, never followed
    assert "symbolic link" in rejected_notes(folder)["northern-courier_2026-11-27.pdf"]


def test_a_hard_link_to_a_file_elsewhere_is_refused(folder, tmp_path):
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"%PDF- elsewhere")
    os.link(outside, folder / "edition.pdf")
    claims, refusals = dropfolder.claim_settled(folder, settle_seconds=OLD)
    assert claims == [] and "hard link" in refusals[0].reason
    assert outside.read_bytes() == b"%PDF- elsewhere"


def test_a_fifo_is_refused_without_blocking(folder):
    os.mkfifo(folder / "edition.pdf")
    claims, refusals = dropfolder.claim_settled(folder, settle_seconds=OLD)
    assert claims == [] and refusals[0].reason == "It is not a regular file."


def test_directories_are_left_alone(folder):
    (folder / "archive").mkdir()
    assert dropfolder.claim_settled(folder, settle_seconds=OLD) == ([], [])
    assert (folder / "archive").is_dir()


def test_part_files_and_dotfiles_wait_until_renamed(folder):
    (folder / "edition.pdf.part").write_bytes(b"%PDF- half")
    (folder / ".edition.pdf.Xy12ab").write_bytes(b"%PDF- half")  # rsync's temporary name
    (folder / "edition.PDF.FILEPART").write_bytes(b"%PDF- half")  # WinSCP's
    assert dropfolder.claim_settled(folder, settle_seconds=OLD, now=later()) == ([], [])
    os.rename(folder / "edition.pdf.part", folder / "edition.pdf")
    claims, _ = dropfolder.claim_settled(folder, settle_seconds=OLD, now=later())
    assert names(claims) == ["edition.pdf"]


def test_a_file_still_being_written_is_not_taken_even_with_an_old_modification_time(folder):
    path = folder / "edition.pdf"
    path.write_bytes(b"%PDF- first half")
    old = time.time() - 86400
    os.utime(path, (old, old))  # as `cp -p` or `rsync -t` leave it: only the change time is honest
    assert dropfolder.claim_settled(folder, settle_seconds=60) == ([], [])
    assert path.exists()
    claims, _ = dropfolder.claim_settled(folder, settle_seconds=60, now=later(120))
    assert names(claims) == ["edition.pdf"]


def test_a_file_swapped_for_a_link_between_scan_and_claim_is_not_read(folder, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF- not yours")
    (folder / "edition.pdf").write_bytes(b"%PDF- real")
    prepared = dropfolder.prepare(folder)
    [arrival] = dropfolder.scan(prepared, settle_seconds=OLD).waiting
    os.unlink(folder / "edition.pdf")
    (folder / "edition.pdf").symlink_to(secret)
    assert dropfolder.claim(prepared, arrival) is None
    assert list((folder / "processing").iterdir()) == []
    assert "changed while it was being taken" in rejected_notes(folder)["edition.pdf"]
    assert secret.read_bytes() == b"%PDF- not yours"


def test_a_claim_replaced_by_a_link_is_not_opened(folder, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF- not yours")
    (folder / "edition.pdf").write_bytes(b"%PDF- real")
    [taken], _ = dropfolder.claim_settled(folder, settle_seconds=OLD)
    os.unlink(taken.path)
    taken.path.symlink_to(secret)
    with pytest.raises(OSError):  # ELOOP from O_NOFOLLOW
        dropfolder.open_claim(taken)


def test_a_claim_replaced_by_another_file_is_not_opened(folder):
    (folder / "edition.pdf").write_bytes(b"%PDF- real")
    [taken], _ = dropfolder.claim_settled(folder, settle_seconds=OLD)
    os.rename(taken.path, folder / "kept-aside")  # kept, so its inode number is not reused
    taken.path.write_bytes(b"%PDF- another")
    with pytest.raises(dropfolder.DropFolderError):
        dropfolder.open_claim(taken)


def test_a_subfolder_that_is_a_link_stops_the_folder(folder, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (folder / "done").symlink_to(tmp_path / "elsewhere")
    (folder / "edition.pdf").write_bytes(b"%PDF-")
    with pytest.raises(dropfolder.DropFolderError, match="must be a folder of its own"):
        dropfolder.claim_settled(folder, settle_seconds=OLD)
    assert (folder / "edition.pdf").exists()


def test_a_missing_folder_is_nothing_to_do(tmp_path):
    assert dropfolder.claim_settled(tmp_path / "absent", settle_seconds=OLD) == ([], [])
    assert dropfolder.release_stale(tmp_path / "absent", older_than_seconds=0) == []


def test_finished_and_rejected_files_keep_their_dropped_names(folder):
    (folder / "a.pdf").write_bytes(b"one")
    (folder / "b.pdf").write_bytes(b"two")
    first, second = dropfolder.claim_settled(folder, settle_seconds=OLD)[0]
    done = dropfolder.finish(first)
    rejected = dropfolder.reject(second, "This is not a PDF file.")
    assert done.parent == folder / "done" and done.name.endswith("~a.pdf") and done.read_bytes() == b"one"
    assert rejected.parent == folder / "rejected" and rejected.read_bytes() == b"two"
    assert rejected_notes(folder)["b.pdf"] == "b.pdf\nThis is not a PDF file.\n"
    assert list((folder / "processing").iterdir()) == []


def test_names_with_control_characters_are_refused_and_never_written_back(folder):
    (folder / "edition\n.pdf").write_bytes(b"%PDF-")
    (folder / (b"caf\xe9.pdf").decode("utf-8", "surrogateescape")).write_bytes(b"%PDF-")
    (folder / ("x" * 230 + ".pdf")).write_bytes(b"%PDF-")
    claims, refusals = dropfolder.claim_settled(folder, settle_seconds=OLD)
    assert claims == [] and len(refusals) == 3
    for path in (folder / "rejected").iterdir():
        assert path.name.isprintable() and len(path.name) < 255


def test_a_stopped_workers_claim_is_put_back_and_a_live_one_is_not(folder):
    (folder / "a.pdf").write_bytes(b"one")
    (folder / "b.pdf").write_bytes(b"two")
    stopped, alive = dropfolder.claim_settled(folder, settle_seconds=OLD)[0]
    assert dropfolder.release_stale(folder, older_than_seconds=600) == []
    time.sleep(1.2)
    dropfolder.heartbeat(alive)
    assert dropfolder.release_stale(folder, older_than_seconds=1, now=time.time() + 0.5) == ["a.pdf"]
    assert (folder / "a.pdf").read_bytes() == b"one"
    assert alive.path.exists()


def test_heartbeat_keeps_a_claim(folder):
    (folder / "a.pdf").write_bytes(b"one")
    [taken], _ = dropfolder.claim_settled(folder, settle_seconds=OLD)
    old = time.time() - 3600
    os.utime(taken.path, (old, old))  # the change time is now: touching it is the heartbeat
    assert dropfolder.release_stale(folder, older_than_seconds=600) == []
    assert taken.path.exists()


def test_a_put_back_claim_does_not_overwrite_a_file_dropped_again(folder):
    (folder / "a.pdf").write_bytes(b"one")
    dropfolder.claim_settled(folder, settle_seconds=OLD)
    (folder / "a.pdf").write_bytes(b"new")
    assert dropfolder.release_stale(folder, older_than_seconds=0, now=later()) == []
    assert (folder / "a.pdf").read_bytes() == b"new"


def test_write_atomic_leaves_the_old_file_whole_when_writing_fails(tmp_path):
    target = tmp_path / "note.txt"
    dropfolder.write_atomic(target, b"first")
    with pytest.raises(TypeError):
        dropfolder.write_atomic(target, "not bytes")
    assert target.read_bytes() == b"first"
    assert [path.name for path in tmp_path.iterdir()] == ["note.txt"]


def _claim_in_another_process(folder, results):
    claims, _ = dropfolder.claim_settled(folder, settle_seconds=OLD)
    results.extend(names(claims))


def test_workers_in_several_processes_take_each_file_exactly_once(folder):
    for number in range(60):
        (folder / f"edition-{number:02d}.pdf").write_bytes(b"%PDF-")
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        results = manager.list()
        workers = [context.Process(target=_claim_in_another_process, args=(folder, results)) for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        taken = list(results)
    assert sorted(taken) == [f"edition-{number:02d}.pdf" for number in range(60)]
    assert len(list((folder / "processing").iterdir())) == 60
