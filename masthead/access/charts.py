"""A small server-side SVG chart for the admin's number summaries (no script needed)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

BAR_HEIGHT = 26
GAP = 10
LABEL_WIDTH = 150
BAR_WIDTH = 360


def horizontal_bars(stages):
    """stages: [(label, number)]. Bars scaled to the largest number."""
    largest = max((number for _label, number in stages), default=0) or 1
    height = len(stages) * (BAR_HEIGHT + GAP)
    rows = format_html_join(
        "",
        '<g transform="translate(0,{})"><text x="0" y="18" font-size="14">{}</text>'
        '<rect x="{}" y="0" width="{}" height="{}" fill="#1a5276"></rect>'
        '<text x="{}" y="18" font-size="14">{}</text></g>',
        (
            (
                index * (BAR_HEIGHT + GAP),
                label,
                LABEL_WIDTH,
                max(round(BAR_WIDTH * number / largest), 1),
                BAR_HEIGHT,
                LABEL_WIDTH + max(round(BAR_WIDTH * number / largest), 1) + 8,
                number,
            )
            for index, (label, number) in enumerate(stages)
        ),
    )
    return format_html(
        '<svg role="img" aria-label="{}" width="{}" height="{}" viewBox="0 0 {} {}">{}</svg>',
        "; ".join(f"{label}: {number}" for label, number in stages),
        LABEL_WIDTH + BAR_WIDTH + 60,
        height,
        LABEL_WIDTH + BAR_WIDTH + 60,
        height,
        mark_safe(rows),  # noqa: S308 - built by format_html_join above
    )
