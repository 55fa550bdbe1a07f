"""The editors' screens in the Wagtail admin: the coming issues, one issue's
stories (pin, remove, reorder, intro), a test to oneself, and the send log."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from masthead.newsletters import actions
from masthead.newsletters.models import Issue, IssueStatus, NewsletterList
from masthead.newsletters.rendering import compose_issue, render_issue, stories_for
from masthead.newsletters.sending import prepare_issues, send_test

CHART_WIDTH, CHART_HEIGHT = 560, 160


def may_edit_newsletters(user):
    return user.is_superuser or user.has_perm("newsletters.change_issue")


def _check(request):
    if not may_edit_newsletters(request.user):
        raise PermissionDenied


def dashboard(request):
    _check(request)
    prepare_issues(timezone.now())
    today = timezone.localdate()
    upcoming = Issue.objects.filter(
        status__in=[IssueStatus.SCHEDULED, IssueStatus.SENDING], local_date__lte=today + datetime.timedelta(days=1)
    ).select_related("newsletter_list")
    recent = list(
        Issue.objects.exclude(status=IssueStatus.SCHEDULED).select_related("newsletter_list").order_by("-send_at")[:20]
    )
    context = {
        "upcoming": upcoming.order_by("send_at"),
        "recent": recent,
        "chart": sent_chart(list(reversed(recent[:14]))),
        "lists": NewsletterList.objects.all(),
    }
    return render(request, "newsletters/admin/dashboard.html", context)


def sent_chart(issues):
    """Bars of messages sent per issue, with the uncertain ones stacked on top, as plain SVG numbers."""
    top = max([issue.sent_count + issue.uncertain_count for issue in issues] + [1])
    slot = CHART_WIDTH / max(len(issues), 1)
    plot_height = CHART_HEIGHT - 20
    bars = []
    for index, issue in enumerate(issues):
        sent_height = round(plot_height * issue.sent_count / top)
        uncertain_height = round(plot_height * issue.uncertain_count / top)
        bars.append(
            {
                "x": round(index * slot + 4),
                "width": max(round(slot - 8), 2),
                "sent_y": plot_height - sent_height,
                "sent_height": sent_height,
                "uncertain_y": plot_height - sent_height - uncertain_height,
                "uncertain_height": uncertain_height,
                "label": f"{issue}: {issue.sent_count} sent, {issue.uncertain_count} uncertain",
            }
        )
    return {"width": CHART_WIDTH, "height": CHART_HEIGHT, "axis_y": plot_height, "bars": bars, "top": top}


def issue_detail(request, issue_id):
    _check(request)
    issue = get_object_or_404(Issue.objects.select_related("newsletter_list", "edited_by"), pk=issue_id)
    story_ids = compose_issue(issue)
    removed_ids = list(issue.items.filter(removed=True).values_list("article_id", flat=True))
    pinned_ids = set(issue.items.filter(pinned=True).values_list("article_id", flat=True))
    context = {
        "issue": issue,
        "stories": stories_for(story_ids),
        "removed": stories_for(removed_ids),
        "pinned_ids": pinned_ids,
        "editable": issue.status == IssueStatus.SCHEDULED,
        "log": issue.send_log,
    }
    return render(request, "newsletters/admin/issue.html", context)


@xframe_options_sameorigin
def issue_preview(request, issue_id):
    _check(request)
    issue = get_object_or_404(Issue.objects.select_related("newsletter_list"), pk=issue_id)
    rendered = render_issue(issue, stories_for(compose_issue(issue)))
    return HttpResponse(rendered.html)


@require_POST
def issue_edit(request, issue_id):
    _check(request)
    issue = get_object_or_404(Issue, pk=issue_id)
    if issue.status != IssueStatus.SCHEDULED:
        messages.error(request, "This issue has gone out (or is going out) and can no longer be changed.")
        return redirect("newsletters_admin_issue", issue.pk)
    action = request.POST.get("action", "")
    article_id = request.POST.get("article", "")
    article_id = int(article_id) if article_id.isdigit() else None
    user = request.user
    if action == "intro":
        actions.do_set_intro(issue, request.POST.get("intro", "")[:2000].strip(), acting_user=user)
    elif action == "pin" and article_id:
        actions.do_pin_story(issue, article_id, acting_user=user)
    elif action == "remove" and article_id:
        actions.do_remove_story(issue, article_id, acting_user=user)
    elif action == "restore" and article_id:
        actions.do_restore_story(issue, article_id, acting_user=user)
    elif action in {"up", "down"} and article_id:
        order = compose_issue(issue)
        if article_id in order:
            index = order.index(article_id)
            other = index - 1 if action == "up" else index + 1
            if 0 <= other < len(order):
                order[index], order[other] = order[other], order[index]
                actions.do_set_story_order(issue, order, acting_user=user)
    elif action == "test":
        send_test(issue, user.email)
        messages.success(request, f"A test of this issue is on its way to {user.email}.")
    else:
        messages.error(request, "That change was not understood.")
    return redirect("newsletters_admin_issue", issue.pk)
