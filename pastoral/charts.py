"""Phases over time as a server-drawn SVG line chart: coordinates here, drawing in the template."""

from core.charts import Series

WIDTH, HEIGHT = 720, 270
LEFT, RIGHT, TOP, BOTTOM = 150, 50, 20, 50
# Okabe-Ito colours, told apart by most colour-blind readers; each line also has its own dash pattern.
PALETTE = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"]
DASHES = ["8 4", "2 4", "12 4 2 4", "4 4", "1 3", "6 2"]
Y_LABELS = ["Not yet at phase 1", "Phase 1", "Phase 2", "Phase 3"]


def phase_chart(points, themes):
    """``points``: PhasePoints, oldest first; ``themes``: (key, title) pairs. None below two points."""
    if len(points) < 2:
        return None  # one assessment is not a change over time; the tables show it
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / (len(points) - 1) if len(points) > 1 else 0

    def x_of(index):
        return LEFT + (index * step if len(points) > 1 else plot_w / 2)

    def y_of(phase, offset):
        return TOP + (3 - phase) * plot_h / 3 + offset

    series = [Series("Whole offer", "#212b32", "", 4)]
    series += [
        Series(title, PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)], 2)
        for i, (_k, title) in enumerate(themes)
    ]
    # Lines on the same phase would hide each other: spread them a few pixels apart.
    offsets = [(i - (len(series) - 1) / 2) * 3 for i in range(len(series))]
    for index, point in enumerate(points):
        results = [point.overall, *(point.theme(key) for key, _t in themes)]
        for line, result, offset in zip(series, results, offsets, strict=True):
            if result is not None and result.reached is not None:
                label = f"{line.name}, {point.assessed_on:%-d %b %Y}: {result.label}"
                line.points.append((x_of(index), y_of(result.reached, offset), label))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "grid": [(label, y_of(phase, 0)) for phase, label in enumerate(Y_LABELS)],
        "label_x": LEFT - 10,
        "x_labels": [
            (x_of(i), HEIGHT - BOTTOM + 20, f"{p.assessed_on:%b %Y}", "" if p.is_completed else "in progress")
            for i, p in enumerate(points)
        ],
        "series": [s for s in series if s.points],
        "table_headers": [s.name for s in series],
        "table_rows": [
            (
                f"{p.assessed_on:%-d %B %Y}" + ("" if p.is_completed else " (in progress)"),
                [
                    r.label if r is not None else "—"
                    for r in [p.overall, *(p.theme(key) for key, _t in themes)]
                ],
            )
            for p in points
        ],
    }
