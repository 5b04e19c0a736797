"""Which committees a comparison puts side by side: the comparison level.

Ningxia's committees sit on three levels: the regional committee, five prefecture-level
cities and 22 county-level committees. A chart compares like with like, so the pages
offer one control, 比较层级, whose options are

- ``cities``: the five prefecture-level cities (the default);
- ``counties``: every county-level committee;
- a city's adcode, e.g. ``"640100"``: the counties, districts and county-level cities
  under that city.

The regional committee is never one of the compared committees; pages show it apart
(a note, or its own series). Everything here is pure: frames in, frames out.
"""

import pandas as pd

from cppcc.i18n import text

CITIES = "cities"
COUNTIES = "counties"
DEFAULT = CITIES
# more committees than this and a chart names the unreported ones in a caption
# instead of drawing a 未报告 mark for each (22 marks do not fit on a phone)
MAX_MARKS = 8


def options(committees: pd.DataFrame) -> list[str]:
    """The level control's options: cities, all counties, then each city's counties."""
    parents = set(committees.loc[committees["level"] == "county", "parent_adcode"].dropna())
    cities = committees[(committees["level"] == "prefecture") & committees["adcode"].isin(parents)]
    return [CITIES, COUNTIES, *cities["adcode"]]


def label(option: str, committees: pd.DataFrame, lang: str) -> str:
    if option == CITIES:
        count = int((committees["level"] == "prefecture").sum())
        return text("level_cities", lang, n=count)
    if option == COUNTIES:
        return text("level_counties", lang)
    city = committees[committees["adcode"] == option]
    if city.empty:
        return option
    row = city.iloc[0]
    name = row["committee_en"] if lang == "en" else row["name_zh"].removesuffix("政协")
    return text("level_city_counties", lang, city=name)


def adcodes(committees: pd.DataFrame, option: str) -> list[str]:
    """The committees compared at ``option``, in catalogue order."""
    if option == CITIES:
        chosen = committees["level"] == "prefecture"
    elif option == COUNTIES:
        chosen = committees["level"] == "county"
    else:
        chosen = (committees["level"] == "county") & (committees["parent_adcode"] == option)
    return list(committees.loc[chosen, "adcode"])


def members(frame: pd.DataFrame, committees: pd.DataFrame, option: str) -> pd.DataFrame:
    """The rows of ``frame`` (any query with an ``adcode`` column) at ``option``."""
    return frame[frame["adcode"].isin(adcodes(committees, option))].reset_index(drop=True)


def region(frame: pd.DataFrame) -> pd.DataFrame:
    """The regional committee's rows of ``frame``, shown apart from the comparison."""
    return frame[frame["level"] == "region"].reset_index(drop=True)


def is_county(option: str) -> bool:
    return option != CITIES


def reported_elsewhere(by_committee: pd.DataFrame, committees: pd.DataFrame, option: str) -> dict:
    """When nobody at ``option`` reports the figure: which other levels do, by count.

    ``by_committee`` has one row per committee with ``value`` NaN where not reported.
    Returns ``{}`` when the level itself has a figure.
    """
    if members(by_committee, committees, option)["value"].notna().any():
        return {}
    counts = {}
    for other in (CITIES, COUNTIES):
        if other != option:
            n = int(members(by_committee, committees, other)["value"].notna().sum())
            if n:
                counts[other] = n
    return counts


def empty_note(
    by_committee: pd.DataFrame, committees: pd.DataFrame, option: str, lang: str
) -> str | None:
    """The sentence shown instead of a chart of nothing but 未报告 marks."""
    if members(by_committee, committees, option)["value"].notna().any():
        return None
    where = label(option, committees, lang)
    others = reported_elsewhere(by_committee, committees, option)
    hint = "；".join(
        text("level_reported_there", lang, level=label(other, committees, lang), n=n)
        for other, n in others.items()
    )
    if not hint and region(by_committee)["value"].notna().any():
        hint = text("level_only_region", lang)
    return text("level_none_reported", lang, level=where) + (
        text("level_switch_hint", lang, hint=hint) if hint else ""
    )


def unreported_names(data: pd.DataFrame) -> list[str]:
    """Labels of the chart rows with no figure (``value`` NaN)."""
    return list(data.loc[data["value"].isna(), "label"])


def for_chart(data: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Bar data that stays legible: with few committees every one keeps its place (a
    未报告 mark where it has no figure); with many, the chart shows the reported ones
    and the rest are named in words."""
    if len(data) <= MAX_MARKS:
        return data, []
    return data[data["value"].notna()].reset_index(drop=True), unreported_names(data)


def name_list(names: list[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(names)


def with_region(frame: pd.DataFrame, committees: pd.DataFrame, option: str) -> pd.DataFrame:
    """The regional committee's rows, then those of ``option``: what a table lists."""
    return pd.concat([region(frame), members(frame, committees, option)], ignore_index=True)


def who(series: pd.DataFrame, level_name: str) -> str:
    """The head of a chart's subtitle: the one committee drawn, named (a single line
    has no legend), else the level compared; empty when there is nothing to add."""
    names = list(dict.fromkeys(series["label"]))
    if len(names) == 1:
        return f"{names[0]} · "
    return f"{level_name} · " if level_name else ""
