"""Where files live: media (images readers see, documents) in the `default`
storage, protected files (the e-paper's PDFs, page images and text) in the
`protected` storage. `MASTHEAD_STORAGE` picks both: `local` (folders on this
machine, for one machine) or `s3` (S3-compatible object storage through
django-storages, for several nodes).

Protected files never have a public URL: locally `url()` refuses; on S3 the
bucket and every object are private and the only URLs are signed and expire
within `MASTHEAD_PROTECTED_URL_SECONDS`, made after the entitlement check.
"""

import mimetypes
import os
import shutil
import tempfile

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control

PUBLIC_MEDIA_PREFIXES = ("images/", "original_images/", "authors/", "titles/")
PRIVATE_MEDIA_PREFIXES = ("documents/",)  # served by Wagtail's view, which checks collection privacy


def protected():
    return storages["protected"]


class ProtectedFileSystemStorage(FileSystemStorage):
    """Protected files on this machine, outside MEDIA_ROOT; written whole (a
    temporary file in the same folder, then renamed) and overwritten in place,
    so a retried task writes the same names again."""

    def __init__(self, **options):
        options.setdefault("allow_overwrite", True)
        super().__init__(**options)

    def url(self, name):
        raise NotImplementedError("Protected files have no public URL; they are served after the entitlement check.")

    def signed_url(self, name, *, expire, parameters=None):
        return None


try:
    from storages.backends.s3 import S3Storage
except ImportError:  # django-storages is installed with the project; this keeps `local` working without it
    S3Storage = None

if S3Storage is not None:

    class MediaStorage(S3Storage):
        """Media on S3: images public (`default_acl`, or a bucket policy on
        their prefixes), Wagtail documents private, since a document may sit in
        a private collection: they are streamed through Wagtail's view."""

        def get_object_parameters(self, name):
            parameters = super().get_object_parameters(name)
            if name.startswith(PRIVATE_MEDIA_PREFIXES) and self.default_acl:
                parameters["ACL"] = "private"
            return parameters

    class ProtectedS3Storage(S3Storage):
        """Protected files on S3: private objects, only signed short-lived URLs."""

        def __init__(self, **options):
            options.update(default_acl="private", querystring_auth=True, file_overwrite=True)
            options.setdefault("signature_version", "s3v4")
            super().__init__(**options)

        def url(self, name, parameters=None, expire=None, http_method=None):
            expire = min(expire or settings.MASTHEAD_PROTECTED_URL_SECONDS, settings.MASTHEAD_PROTECTED_URL_SECONDS)
            return super().url(name, parameters=parameters, expire=expire, http_method=http_method)

        def signed_url(self, name, *, expire, parameters=None):
            return self.url(name, parameters=parameters, expire=expire)


def local_path(storage, name):
    """The file's path on this machine, or None when the storage is remote."""
    try:
        return storage.path(name)
    except NotImplementedError:
        return None


def save_file(storage, name, path):
    """Store a local file under `name`, whole or not at all; the local file is
    consumed (moved when the storage is on this machine)."""
    target = local_path(storage, name)
    if target is not None:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".", suffix=".part")
        os.close(handle)
        try:
            shutil.move(path, temporary)
            os.chmod(temporary, 0o640)
            os.replace(temporary, target)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
        return name
    with open(path, "rb") as handle:
        saved = storage.save(name, File(handle, name=os.path.basename(name)))
    os.unlink(path)
    return saved


def fetch_file(storage, name, directory):
    """A local path holding the stored file: the file itself on this machine,
    otherwise a copy downloaded into `directory`."""
    path = local_path(storage, name)
    if path is not None:
        if not os.path.exists(path):
            raise FileNotFoundError(name)
        return path
    target = os.path.join(directory, os.path.basename(name))
    with storage.open(name, "rb") as source, open(target, "wb") as out:
        shutil.copyfileobj(source, out, 1024 * 1024)
    return target


def delete_tree(storage, prefix):
    """Delete every file under `prefix/` (and, on this machine, the folders)."""
    prefix = prefix.rstrip("/")
    path = local_path(storage, prefix)
    if path is not None:
        shutil.rmtree(path, ignore_errors=True)
        return
    try:
        folders, files = storage.listdir(prefix)
    except FileNotFoundError:
        return
    for name in files:
        storage.delete(f"{prefix}/{name}")
    for folder in folders:
        delete_tree(storage, f"{prefix}/{folder}")


def serve_protected(name, content_type, *, as_attachment=False, filename=None, stream=False):
    """A protected file for a reader already found entitled: a redirect to a
    signed URL that expires within MASTHEAD_PROTECTED_URL_SECONDS when the
    storage gives one and MASTHEAD_PROTECTED_DELIVERY is `signed`, otherwise
    streamed from the storage through this process (`stream=True` always streams:
    for a file cached publicly, such as the cover)."""
    storage = protected()
    if settings.MASTHEAD_PROTECTED_DELIVERY == "signed" and not stream:
        parameters = {"ResponseContentType": content_type}
        if as_attachment:
            parameters["ResponseContentDisposition"] = f'attachment; filename="{filename}"'
        url = storage.signed_url(name, expire=settings.MASTHEAD_PROTECTED_URL_SECONDS, parameters=parameters)
        if url:
            from django.http import HttpResponseRedirect

            response = HttpResponseRedirect(url)
            patch_cache_control(response, private=True, no_store=True)
            return response
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404("No such file") from None
    return FileResponse(handle, content_type=content_type, as_attachment=as_attachment, filename=filename)


def serve_media(request, path):
    """Public media from the default storage when it is on this machine (images
    and their renditions); documents are Wagtail's, behind its own view."""
    if not path.startswith(PUBLIC_MEDIA_PREFIXES) or ".." in path.split("/"):
        raise Http404("No such file")
    storage = storages["default"]
    try:
        handle = storage.open(path, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, ValueError, OSError):
        raise Http404("No such file") from None
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if not content_type.startswith("image/") or content_type == "image/svg+xml":
        content_type = "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=24 * 3600)
    return response
