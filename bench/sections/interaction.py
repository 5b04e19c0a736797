"""interaction: on a warm page, pick another metric in ``overview_metric`` /
``yoy_metric`` as a user would (click, type, click the option); ms from the
``pointerdown`` on the option to the frame painted after the chart's title reads the new
metric. The control app (a selectbox and six bars) gives this machine's floor.
"""

import ast
from pathlib import Path

from bench.browser import IDLE_JS, PLOTLY, WATCH_TITLE_JS, first_chart_ms, new_page
from bench.harness import HERE, ROOT, Server, bounded, log, median, ratio, stats

NAME = "interaction"
SHARED_SERVERS = True


def metric_choices(store: Path) -> tuple[list[str], list[str]]:
    """Metric names to pick: any with figures (overview) or annual figures (yoy) of a
    committee of the level the pages open on (a metric only the region reports draws
    no chart there: its change was a miss, 15 s waited for nothing)."""
    from cppcc import levels
    from cppcc.store import db

    with db.connect(store) as con:
        shown = levels.adcodes(con.execute("select * from committees").df(), levels.DEFAULT)
        overview = [
            row[0]
            for row in con.execute(
                """
                select m.name_zh from metrics as m
                where exists (select 1 from figures as f
                              where f.metric = m.code and list_contains($shown, f.adcode))
                order by m.sort_order
                """,
                {"shown": shown},
            ).fetchall()
        ]
        yoy = [
            row[0]
            for row in con.execute(
                """
                select m.name_zh from metrics as m
                where exists (select 1 from figures as f
                              where f.metric = m.code and f.period_start = f.period_end
                                and list_contains($shown, f.adcode))
                order by m.sort_order
                """,
                {"shown": shown},
            ).fetchall()
        ]
    return overview, yoy


def literal(path: Path, name: str):
    """A constant assigned in a script, read from its source (importing would run it)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == name:
            return ast.literal_eval(node.value)
    raise LookupError(f"no {name} in {path}")


def run(bench) -> dict:
    dashboard = bench.server(ROOT / "app.py")
    control = bench.server(HERE / "baseline_select_app.py") if bench.sizes["baselines"] else None
    return measure(
        bench.browser(), dashboard, control, bench.store("realistic"), bench.sizes["interaction"]
    )


def measure(browser, dashboard: Server, control, store: Path, reps: int) -> dict:
    """Pick another metric in a page's selector as a user would; ms until the new chart.
    The control app (a selectbox and six bars) gives this machine's floor."""
    from cppcc import i18n

    overview, yoy = metric_choices(store)
    cases = {
        # key: (url, chart key, title's i18n key, options, the option shown first)
        "overview_metric": (
            dashboard.url + "/", "overview_chart", "chart_compare_title", overview, "收到提案"
        ),
        "yoy_metric": (dashboard.url + "/yoy", "yoy_chart", "yoy_chart_title", yoy, "收到提案"),
    }  # fmt: skip
    if control is not None:
        cases["baseline_metric"] = (
            control.url + "/", "baseline_chart", "chart_compare_title",
            literal(HERE / "baseline_select_app.py", "OPTIONS"), "收到提案",
        )  # fmt: skip
    out, failed = {}, []
    for key, (url, chart, title_key, names, current) in cases.items():
        context, page = new_page(browser, PLOTLY)
        samples, parts, misses = [], [], 0
        try:
            page.goto(url, wait_until="commit", timeout=30_000)
            first_chart_ms(page)
            page.wait_for_function(IDLE_JS, timeout=30_000)
            choices = [n for n in names if n != current][:6] or names
            for index in bounded(reps, 90):
                name = choices[index % len(choices)]
                if name == current:
                    name = choices[(index + 1) % len(choices)]
                expected = i18n.text(title_key, "zh", metric=name)
                page.click(f".st-key-{key} input", timeout=10_000)
                # one input event rather than a key press per character: the clock starts
                # at the press on the option, after the list has been filtered
                page.keyboard.insert_text(name)
                option = page.get_by_role("option", name=name, exact=True)
                option.wait_for(timeout=10_000)
                # the clock starts at the press on the option, not at opening the list
                page.evaluate(WATCH_TITLE_JS, [f".st-key-{chart}", expected])
                option.click(timeout=10_000)
                try:
                    page.wait_for_function(
                        "() => window.__benchChangedPaint !== null", timeout=15_000
                    )
                    began, sent, first, last, painted = page.evaluate(
                        "() => [window.__benchInput, window.__benchSent, window.__benchFirstHeard,"
                        " window.__benchHeardBeforeChange, window.__benchChangedPaint]"
                    )
                    samples.append(painted - began)
                    if None not in (sent, first, last):
                        # input → sent; sent → first answer; first → last answer before the
                        # chart changed (the server's run, streamed); last answer → painted
                        parts.append((sent - began, first - sent, last - first, painted - last))
                    current = name
                except Exception:
                    misses += 1
                    page.keyboard.press("Escape")
                    if len(choices) > 2:  # a choice that drew no chart is not tried again
                        choices.remove(name)
                # let the rerun finish before the next change, as a reading user would
                page.wait_for_function(IDLE_JS, timeout=15_000)
                page.wait_for_timeout(200)
        except Exception as error:
            log(f"  interaction {key}: {str(error).splitlines()[0]}")
            failed.append(f"{key}: {str(error).splitlines()[0][:100]}")
        finally:
            context.close()
        out[key] = {**stats(samples), "missed": misses}
        if parts:
            out[key]["split_ms"] = {
                name: round(median([p[i] for p in parts]), 1)
                for i, name in enumerate(
                    ["input_to_send", "send_to_first_reply", "streaming", "last_reply_to_paint"]
                )
            }
        log(f"  interaction {key}: median {out[key]['median']} ms over {len(samples)}")
        if not samples:
            failed.append(f"{key}: no change seen")
    out["failed"] = failed
    return out


def summary(result: dict) -> dict:
    medians = {
        key: entry["median"]
        for key, entry in result.items()
        if key not in ("baseline_metric", "failed") and entry.get("median") is not None
    }
    slower = max(medians, key=medians.get) if medians else None
    control = (result.get("baseline_metric") or {}).get("median")
    return {
        "interaction_selector": slower,
        "interaction_ms_median": medians.get(slower),
        "interaction_baseline_ms_median": control,
        "interaction_ratio": ratio(medians.get(slower), control),
    }


def rows(result: dict) -> list[tuple[str, str]]:
    return [
        (
            f"Interaction {key} median / p95 (ms) [input→send, →first reply, streaming, →paint]",
            f"{entry.get('median')} / {entry.get('p95')} "
            f"[{', '.join(str(v) for v in (entry.get('split_ms') or {}).values())}]",
        )
        for key, entry in result.items()
        if key != "failed"
    ]
