"""The one bridge between HTTP and the reader: sets `request.reader`.

Views and templates read `request.reader`; nothing else parses meter cookies
or looks up entitlements.
"""

from django.utils.functional import SimpleLazyObject


class ReaderMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from masthead.access.reader import reader_for_request

        request.reader = SimpleLazyObject(lambda: reader_for_request(request))
        return self.get_response(request)
