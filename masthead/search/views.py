"""The search page and the header box's suggestions: validate, then ask service.py."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from masthead.search import service
from masthead.search.forms import SearchFiltersForm
from masthead.search.text import clean_text

MAX_QUERY_CHARS = 300


def _query_text(request):
    return clean_text(request.GET.get("q", ""))[:MAX_QUERY_CHARS]


@require_GET
def search(request):
    query_text = _query_text(request)
    form = SearchFiltersForm(request.GET)
    context = {"search_query": query_text, "form": form}
    if not form.is_valid():
        return render(request, "search/search.html", context, status=400)
    filters = {name: form.cleaned_data.get(name) for name in service.FILTER_NAMES}
    context["filters"] = filters
    if query_text:
        context["outcome"] = service.run_search(
            request, query_text, filters, sort=form.cleaned_data["sort"], page=form.cleaned_data["page"]
        )
        context["page_links"] = _page_links(request, context["outcome"])
    return render(request, "search/search.html", context)


def _page_links(request, outcome):
    params = request.GET.copy()

    def link(page):
        params["page"] = page
        return "?" + params.urlencode()

    return {
        "previous": link(outcome.page - 1) if outcome.has_previous else "",
        "next": link(outcome.page + 1) if outcome.has_next else "",
    }


@require_GET
def suggest(request):
    results = service.suggest_headlines(request, _query_text(request))
    response = JsonResponse({"results": results})
    response["Cache-Control"] = "public, max-age=60"
    return response
