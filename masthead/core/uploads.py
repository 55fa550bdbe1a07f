"""Request bodies refused as they arrive. Django parses a multipart body as
soon as anything reads `request.POST` (the CSRF check does, before any view),
spooling each file to disk; left alone, a 1 GB upload is written in full before
a view can say it is too large. `BodyLimitHandler`, first in
`FILE_UPLOAD_HANDLERS`, refuses a body whose declared length is over the limit
for its path before reading a byte of it, and stops one that grows past it
while being read. The refusal is answered 413 with a message
(`masthead.core.views.bad_request`). The web server in front should refuse
the same sizes first (`client_max_body_size`, see docs/operators.md).
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class RequestBodyTooLarge(RequestDataTooBig):
    def __init__(self, limit):
        super().__init__(f"request body over the limit of {limit} bytes")
        self.limit = limit


def upload_limits():
    """(path prefix, bytes) pairs, longest prefix first: each upload screen's file
    limit plus room for the form's other fields."""
    margin = 1024 * 1024
    limits = {
        "/admin/epaper/": settings.MASTHEAD_EPAPER_MAX_UPLOAD_BYTES + margin,
        "/admin/images/": settings.MASTHEAD_IMAGE_MAX_UPLOAD_BYTES + margin,
        "/admin/documents/": settings.MASTHEAD_DOCUMENT_MAX_UPLOAD_BYTES + margin,
    }
    return sorted(limits.items(), key=lambda item: -len(item[0]))


def limit_for(path):
    for prefix, limit in upload_limits():
        if path.startswith(prefix):
            return limit
    return settings.MASTHEAD_MAX_REQUEST_BYTES


class BodyLimitHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = limit_for(self.request.path if self.request is not None else "")
        self.received = 0
        if content_length > self.limit:
            raise RequestBodyTooLarge(self.limit)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            raise RequestBodyTooLarge(self.limit)
        return raw_data

    def file_complete(self, file_size):
        return None
