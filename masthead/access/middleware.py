"""The one bridge between HTTP and the reader: sets `request.reader`.

Views and templates read `request.reader`; nothing else parses meter cookies
or looks up entitlements. On the way out it writes the meter cookie back when
a read was counted (or drops a broken one) and sets article pages' cache headers.
"""

from masthead.access.reader import reader_for_request
from masthead.access.serving import finish_response, serve_page_fast


class ReaderMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.reader = reader_for_request(request)
        response = self.get_response(request)
        finish_response(request, response)
        return response


class PageFastPathMiddleware:
    """Serve a published article, or the group home, a title or a section page,
    straight from the render cache, before Wagtail's own routing; anything it does
    not recognise goes on down the chain."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = serve_page_fast(request)
        if response is not None:
            return response
        return self.get_response(request)
