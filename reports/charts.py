"""Server-side SVG charts: sharp in print, no JavaScript, readable without colour (values as text)."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

BAR = "#005eb8"
TRACK = "#e8edee"


def horizontal_bars(rows, maximum, *, width=640, label_width=220, bar_height=16, gap=6, title=""):
    """``rows``: (label, value) or (label, value, its own maximum); each bar shows value of its maximum
    (``maximum`` where a row gives none), the figures written beside it."""
    rows = [(row[0], row[1], (row[2] if len(row) > 2 else maximum) or 1) for row in rows]
    track = width - label_width - 70
    height = len(rows) * (bar_height + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for i, (label, value, top) in enumerate(rows):
        y = gap + i * (bar_height + gap)
        length = round(track * min(value, top) / top, 1)
        text_y = y + bar_height - 4
        parts += [
            f'<text x="{label_width - 6}" y="{text_y}" font-size="10" text-anchor="end" '
            f'font-family="DejaVu Sans, sans-serif">{escape(str(label)[:40])}</text>',
            f'<rect x="{label_width}" y="{y}" width="{track}" height="{bar_height}" fill="{TRACK}"/>',
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" fill="{BAR}"/>',
            f'<text x="{label_width + track + 6}" y="{text_y}" font-size="10" '
            f'font-family="DejaVu Sans, sans-serif">{escape(str(value))} of {escape(str(top))}</text>',
        ]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above
