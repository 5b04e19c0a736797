"""Alt text: a chart or picture in words, for a reader who cannot see it (a screen
reader, a text-only copy). Slides and the Word report put it in the picture's or
chart's description (``descr``). The words carry the marks the chart shows: ≥, 约, *,
未报告. Pure."""

import math

from cppcc.charts import ChartSpec, PictureSpec
from cppcc.formatting import value_text
from cppcc.i18n import text


def _shown(row: dict, spec: ChartSpec) -> str:
    value = row["value"]
    missing = value is None or (isinstance(value, float) and math.isnan(value))
    mark = "*" if row["inferred"] and not missing else ""
    return value_text(value, row["qualifier"], spec.unit, spec.lang) + mark


def picture(title: str, subtitle: str, notes, lang: str) -> str:
    """A map picture: its title, period and unit, and its notes (colour key, what is
    not drawn); the values are in the picture's own labels and the slide's notes."""
    stop, comma, colon = ("。", "，", "：") if lang == "zh" else (". ", ", ", ": ")
    head = f"{text('alt_picture', lang)}{colon}{title}{comma}{subtitle}{stop}"
    return (head + "".join(f"{note.rstrip('。.')}{stop}" for note in notes)).rstrip()


def describe(item: ChartSpec | PictureSpec) -> str:
    """“条形图：收到提案：各委员会比较，期间：2023 · 单位：件。银川未报告，石嘴山415件*。”"""
    lang = item.lang
    stop, comma, colon = ("。", "，", "：") if lang == "zh" else (". ", ", ", ": ")
    if isinstance(item, PictureSpec):
        return picture(item.title, item.subtitle, item.notes, lang)
    kind = text("alt_lines" if item.kind == "lines" else "alt_bars", lang)
    head = f"{kind}{colon}{item.title}{comma}{item.subtitle}{stop}"
    parts = []
    for row in item.data.to_dict("records"):
        who = str(row["label"])
        if item.series is not None:
            group = row[item.series]
            who += f"（{group}）" if lang == "zh" else f" ({group})"
        if item.kind == "lines":
            # “石嘴山2021年50条”, not “石嘴山 202150条”: the year and the value apart
            year = int(row["year"])
            who += f"{year}年" if lang == "zh" else f" {year}:"
        parts.append(f"{who}{'' if lang == 'zh' else ' '}{_shown(row, item)}")
    return head + comma.join(parts) + stop.rstrip()
