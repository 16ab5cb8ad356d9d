"""Server-drawn SVG charts (the CSP allows no chart script): a line of a chart, in plot coordinates. Each
app works out its own axes and points; its template draws them and shows the figures as a table."""

from dataclasses import dataclass, field


@dataclass
class Series:
    name: str
    colour: str
    dash: str
    stroke_width: int
    points: list = field(default_factory=list)  # (x, y, label)

    @property
    def polyline(self):
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _label in self.points)
