"""What a leader sees first, as pure functions: the comparison a page opens on, map
labels that stay apart however many committees there are, headline numbers that say
whose they are, and the web server's note to the browser."""

import asyncio
import itertools
from concurrent.futures import ThreadPoolExecutor

import pandas as pd

from cppcc import maps, tables
from cppcc.web.server import BaseUrlScript


def coverage(rows):
    return pd.DataFrame(
        rows, columns=["metric", "adcode", "level", "period_start", "period_end", "metric_order"]
    )


def test_the_opening_comparison_is_what_most_committees_report():
    figures = coverage(
        [
            ("a", "1", "prefecture", 2023, 2023, 1),
            ("b", "1", "prefecture", 2022, 2022, 2),
            ("b", "2", "prefecture", 2022, 2022, 2),
            ("b", "3", "region", 2018, 2022, 2),
            ("b", "2", "prefecture", 2018, 2022, 2),
            ("b", "1", "prefecture", 2018, 2022, 2),
        ]
    )
    # two committees report b for 2022, and three for 2018–2022 but one is the region
    assert tables.most_reported(figures) == ("b", (2018, 2022))
    assert tables.most_reported(figures, levels=["prefecture"]) == ("b", (2022, 2022))
    assert tables.most_reported(figures, "a") == ("a", (2023, 2023))
    assert tables.most_reported(figures, "none") is None


def test_ties_go_to_a_single_year_then_the_newest_then_the_catalogue():
    figures = coverage(
        [
            ("late", "1", "county", 2024, 2024, 5),
            ("early", "1", "county", 2024, 2024, 1),
            ("early", "1", "county", 2023, 2023, 1),
            ("span", "1", "county", 2020, 2024, 0),
        ]
    )
    assert tables.most_reported(figures) == ("early", (2024, 2024))


def test_many_close_labels_never_overlap_and_none_is_lost():
    """28 committees, 22 of them dots packed around 银川 as counties would be: every
    label is placed apart, inside what a phone shows, or named in the note below."""
    marks = [maps.Mark(f"城市{i}\n未报告", (105.3 + i * 0.35, 37.0)) for i in range(6)]
    grid = itertools.product(range(6), range(4))
    marks += [
        maps.Mark(f"县{i}\n≥{i * 7}", (106.0 + x * 0.12, 38.2 + y * 0.1), dot=True)
        for i, (x, y) in zip(range(22), grid, strict=False)
    ]
    labels, leaders, unplaced = maps.place_labels(marks)
    assert len(labels) + len(unplaced) == len(marks)
    boxes = [label.box for label in labels]
    dots = [maps.dot_box(mark.at, maps.REGION_VIEW) for mark in marks if mark.dot]
    for i, a in enumerate(boxes):
        assert a[0] >= -maps.HALF_WIDTH and a[2] <= maps.HALF_WIDTH
        for b in boxes[i + 1 :] + dots:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    assert leaders  # the crowded ones are drawn away from their dots, on a line


def test_projection_round_trips():
    x, y = maps.project(106.3, 38.5)
    lon, lat = maps.unproject(x, y)
    assert abs(lon - 106.3) < 1e-9 and abs(lat - 38.5) < 1e-9


def test_a_headline_lists_its_committees_and_counts_the_rest():
    latest = pd.DataFrame(
        [
            {"metric": "m", "metric_name": "收到提案", "metric_en": "Received", "adcode": str(i),
             "committee": f"委{i}", "committee_en": f"C{i}", "committee_order": i, "recency": 1,
             "period_end": 2023, "year_basis": "inferred" if i == 0 else "stated",
             "value": 10.0 + i, "qualifier": "at_least" if i == 1 else "exact", "unit": "件",
             "source": "报告", "quote": "……"}
            for i in range(6)
        ]
    )  # fmt: skip
    tile = tables.headline_tiles(latest, ["m"], "zh", shown=4)[0]
    assert tile["reported"] == 6 and tile["more"] == 2
    assert [(e["who"], e["value"]) for e in tile["entries"][:2]] == [
        ("委0 2023*", "10件"),
        ("委1 2023", "≥11件"),
    ]


def test_every_html_page_names_the_servers_root():
    async def app(scope, receive, send):
        kind = b"text/html; charset=utf-8" if scope["path"] != "/x.js" else b"text/javascript"
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", kind), (b"content-length", b"26")]})  # fmt: skip
        await send({"type": "http.response.body", "body": b"<html><head></head></html>"})

    def get(path):
        sent = []

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "method": "GET", "path": path, "headers": []}
        # a thread of its own: a browser test may have left an event loop running here
        with ThreadPoolExecutor(1) as pool:
            pool.submit(
                asyncio.run, BaseUrlScript(app, base_path="/cppcc/")(scope, None, send)
            ).result()
        return sent

    page = get("/map")
    body = page[-1]["body"]
    assert b'BACKEND_BASE_URL: new URL("/cppcc/"' in body
    assert dict(page[0]["headers"])[b"content-length"] == str(len(body)).encode()
    assert get("/x.js")[-1]["body"] == b"<html><head></head></html>"


def test_a_completeness_column_is_as_wide_as_its_longest_cell():
    """“2005*, 2014*, 2018–2022*, 2…” was cut: the grid's column now fits the cell."""
    long = "2005*, 2014*, 2018–2022*, 2021*, 2024*"
    assert tables.text_pixels(["宁夏", long]) >= 0.6 * 14 * len(long)
    assert tables.text_pixels(["宁夏", long]) > tables.text_pixels(["宁夏", "2014*"])
    assert tables.text_pixels(["立案（合并交办）提案"]) >= 14 * 10


def test_close_values_in_one_year_put_their_labels_on_opposite_sides():
    """Two committees ending 2025 at 110 and 112 printed their labels over each other:
    the lower one's label now goes under its point, a far one keeps its place."""
    import pandas as pd

    from cppcc import charts

    rows = [("甲", 2024, 60), ("甲", 2025, 112), ("乙", 2024, 20), ("乙", 2025, 110)]
    data = pd.DataFrame(rows, columns=["label", "year", "value"]).assign(
        qualifier="exact", inferred=False
    )
    spec = charts.ChartSpec("lines", "收到提案", "", "件", data, ())
    traces = {trace.name: trace for trace in charts.figure(spec).data if trace.name in "甲乙"}
    assert list(traces["甲"].textposition) == ["top center", "top center"]
    assert list(traces["乙"].textposition) == ["top center", "bottom center"]
