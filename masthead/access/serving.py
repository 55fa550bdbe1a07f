"""How an article page gets its body: placeholder that shows every body in full,
until the paywall lands (issue: metered paywall). The news templates rely only on
`article_context(request, page)` returning `decision` and `article_body_html`."""

from dataclasses import dataclass

from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class OpenDecision:
    show_full: bool = True
    gate: str = "none"


def article_context(request, page):
    body_html = "".join(str(block) for block in page.body)
    return {"decision": OpenDecision(), "article_body_html": mark_safe(body_html)}  # noqa: S308
