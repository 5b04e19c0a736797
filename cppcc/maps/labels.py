"""Where the map's names go: the view's pixels, and labels laid out apart.

Pure arithmetic on (lon, lat) points and pixel boxes, so the layout is worked out
once, in the model, and both renderers (the page's Deck, the exported picture) draw
the same labels at the same places.
"""

import math
from dataclasses import dataclass

REGION_VIEW = {"latitude": 37.3, "longitude": 106.05, "zoom": 6.05}
# the box a fitted view must fill on the narrowest screen (a 390 px phone), in pixels
FIT_BOX = (350, 500)
LABEL_PADDING = (4, 2)  # px, left/right and top/bottom of a label's white box
DOT_RADIUS = 9  # px: the seat dots' radius on the page
# labels stay within this many pixels of the view's centre: deck.gl keeps the zoom
# whatever the screen's width, and a 390 px phone shows about ±170 px of it
HALF_WIDTH, HALF_HEIGHT = 165, 270

Box = tuple[float, float, float, float]  # left, top, right, bottom in the view's pixels


@dataclass(frozen=True)
class Mark:
    """A name to place: ``at`` (lon, lat) is the shape's label point or the dot."""

    text: str
    at: tuple[float, float]
    dot: bool = False
    size: float = 14
    adcode: str = ""


@dataclass(frozen=True)
class Label:
    """A placed name: ``position`` (lon, lat) is its box's centre, ``box`` its pixels."""

    text: str
    position: tuple[float, float]
    size: float
    box: Box
    adcode: str = ""


@dataclass(frozen=True)
class Leader:
    """A line from a committee's place to the label that had to move away from it."""

    start: tuple[float, float]
    end: tuple[float, float]


def world(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixels at ``zoom`` (deck.gl's 512-pixel world), y pointing down."""
    scale = 512 * 2**zoom / (2 * math.pi)
    x = scale * math.radians(lon)
    y = -scale * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return x, y


def fit_view(points: list, box: tuple[int, int] = FIT_BOX) -> dict:
    """The view state that shows every point (lon, lat) inside ``box`` pixels."""
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    x0, y0 = world(min(lons), max(lats), 0)
    x1, y1 = world(max(lons), min(lats), 0)
    zoom = min(math.log2(box[0] / max(x1 - x0, 1e-9)), math.log2(box[1] / max(y1 - y0, 1e-9)))
    middle_y = (y0 + y1) / 2 / (512 / (2 * math.pi))
    latitude = math.degrees(2 * math.atan(math.exp(-middle_y)) - math.pi / 2)
    return {
        "latitude": round(latitude, 4),
        "longitude": round((min(lons) + max(lons)) / 2, 4),
        "zoom": round(min(zoom, 10.0), 2),
    }


def project(lon: float, lat: float, view: dict = REGION_VIEW) -> tuple[float, float]:
    """Pixels of ``view`` (deck.gl's Web Mercator), relative to its centre, y down."""
    x, y = world(lon, lat, view["zoom"])
    cx, cy = world(view["longitude"], view["latitude"], view["zoom"])
    return x - cx, y - cy


def unproject(x: float, y: float, view: dict = REGION_VIEW) -> tuple[float, float]:
    cx, cy = world(view["longitude"], view["latitude"], view["zoom"])
    scale = 512 * 2 ** view["zoom"] / (2 * math.pi)
    lon = math.degrees((x + cx) / scale)
    lat = math.degrees(2 * math.atan(math.exp(-(y + cy) / scale)) - math.pi / 2)
    return lon, lat


def label_size(label: str, size: float = 14) -> tuple[float, float]:
    """A generous box for a label as deck.gl draws it: CJK glyphs one em wide, Latin
    and digits 0.62 em, 1.15 em a line, plus the background's padding."""
    lines = label.split("\n")
    width = max(sum(size if ord(c) > 0x2E7F else 0.62 * size for c in line) for line in lines)
    return width + 2 * LABEL_PADDING[0], len(lines) * size * 1.15 + 2 * LABEL_PADDING[1]


def overlaps(a: Box, b: Box, gap: float = 3) -> bool:
    return not (
        a[2] + gap <= b[0] or b[2] + gap <= a[0] or a[3] + gap <= b[1] or b[3] + gap <= a[1]
    )


def dot_box(at: tuple[float, float], view: dict, margin: float = 0) -> Box:
    """The pixels a seat dot covers in ``view``."""
    x, y = project(*at, view)
    r = DOT_RADIUS + margin
    return x - r, y - r, x + r, y + r


def _candidates(x: float, y: float, w: float, h: float, dot: bool):
    """Box centres to try, nearest first: a shape's name on its own centre, then slid
    inside the shape; a dot's name beside the dot; then further out, on a leader line."""
    near = DOT_RADIUS + 6
    steps = [] if dot else [(0.0, 0.0), *((dx, dy) for dx in (0, 24, -24) for dy in (-22, 22))]
    for reach in (0, 28, 56, 90):
        side, up = w / 2 + near + reach, h / 2 + near + reach
        steps += [(side, 0), (-side, 0), (0, -up), (0, up)]
        steps += [(side, -up), (-side, -up), (side, up), (-side, up)]
    return [(x + dx, y + dy) for dx, dy in steps]


def _inside(box: Box) -> bool:
    return (
        box[0] >= -HALF_WIDTH
        and box[2] <= HALF_WIDTH
        and box[1] >= -HALF_HEIGHT
        and box[3] <= HALF_HEIGHT
    )


def _free_spot(mark: Mark, view: dict, taken: list[Box]) -> Box | None:
    """The first candidate box for ``mark`` inside what a phone shows that covers
    nothing already placed, or None."""
    x, y = project(*mark.at, view)
    w, h = label_size(mark.text, mark.size)
    for cx, cy in _candidates(x, y, w, h, mark.dot):
        box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
        if _inside(box) and not any(overlaps(box, other) for other in taken):
            return box
    return None


def place_labels(
    marks: list[Mark], view: dict = REGION_VIEW
) -> tuple[list[Label], list[Leader], list[str]]:
    """Put every label where it covers no other label and no dot, inside what a phone
    shows; one moved away from its place gets a leader line. Shapes are placed before
    dots, each group in the order given (the most important first). Returns the
    labels, the leader lines, and the texts that fit nowhere (their shapes keep their
    tooltips; the page names them)."""
    taken = [dot_box(mark.at, view, margin=1) for mark in marks if mark.dot]
    labels, leaders, unplaced = [], [], []
    for mark in sorted(marks, key=lambda m: m.dot):
        box = _free_spot(mark, view, taken)
        if box is None:
            unplaced.append(mark.text.replace("\n", " "))
            continue
        taken.append(box)
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        labels.append(Label(mark.text, unproject(cx, cy, view), mark.size, box, mark.adcode))
        x, y = project(*mark.at, view)
        w = box[2] - box[0]
        if math.hypot(cx - x, cy - y) > (DOT_RADIUS + 7 + w / 2 if mark.dot else 34):
            # from the dot (or the shape's centre) to the nearest edge of the label
            ex, ey = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
            leaders.append(Leader(tuple(mark.at), unproject(ex, ey, view)))
    return labels, leaders, unplaced
