from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from masthead.core.uploads import RequestBodyTooLarge


@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise; load balancers poll it."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def bad_request(request, exception=None):
    if isinstance(exception, RequestBodyTooLarge):
        context = {"limit_mb": f"{exception.limit / (1024 * 1024):.0f}"}
        return render(request, "413.html", context, status=413)
    return render(request, "400.html", status=400)


def too_many_requests(request, exception=None):
    """allauth's limits answer with this; Retry-After names the shortest window they use."""
    from masthead.core.ratelimit import too_many_requests as respond

    return respond(request)
