"""Admin actions on the catalogue: adding a committee or a metric, checked first.

The region has 28 committees and the reports keep naming new kinds of figures; staff
add them here (page or CLI), and they then appear in selectors, charts and the map.
"""

import re
from pathlib import Path

import pandas as pd

from cppcc import geo, terms
from cppcc.store import db, sql
from cppcc.upload import access
from cppcc.upload.parsing import normalise
from cppcc.upload.pipeline import _records, catalogue
from cppcc.upload.validate import control_message

LEVELS = {"region": "自治区", "prefecture": "地级市", "county": "县（市、区）"}
# a generous box around Ningxia: a seat outside it is a typing mistake
LAT_RANGE = (35.0, 39.6)
LON_RANGE = (104.0, 107.8)


class CatalogueError(ValueError):
    """What is wrong with the new entry, field by field, in Chinese."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


def _float(text, label: str, bounds: tuple[float, float], problems: list[str]) -> float | None:
    if text in (None, ""):
        return None
    try:
        value = float(text)
    except (TypeError, ValueError):
        problems.append(f"{label}“{text}”不是数字")
        return None
    if not bounds[0] <= value <= bounds[1]:
        problems.append(f"{label} {value} 不在宁夏范围内（{bounds[0]}–{bounds[1]}）")
    return value


def _count(text, label: str, problems: list[str]) -> int | None:
    if text in (None, ""):
        return None
    if not re.fullmatch(r"\d{1,4}", str(text).strip()):
        problems.append(f"{label}“{text}”应为不小于 0 的整数")
        return None
    return int(text)


# what a name, unit, category or note typed into the catalogue forms may hold
MAX_FIELD = 100


def _text_problems(fields: dict, labels: dict[str, str]) -> list[str]:
    """Control characters and over-long text, named by the form's label."""
    problems = []
    for key, label in labels.items():
        value = str(fields.get(key) or "")
        message = control_message(value)
        if message:
            problems.append(f"{label}{message}")
        elif len(value.strip()) > MAX_FIELD:
            problems.append(f"{label}有 {len(value.strip())} 个字，超过上限 {MAX_FIELD} 个字")
    return problems


def add_committee(path: Path | str, fields: dict, user: str | None = None) -> None:
    """``fields``: adcode, name_zh, short_zh, name_en, level, parent_adcode, seat_lat,
    seat_lon, and optionally jiedao, zhen, xiang (township counts) with their source."""
    problems = _text_problems(
        fields,
        {"name_zh": "全称", "short_zh": "简称", "name_en": "英文名", "seat_source": "驻地来源",
         "township_source": "乡镇数来源"},
    )  # fmt: skip
    with db.transaction(path) as con:
        committees, _ = catalogue(con)
        adcode = str(fields.get("adcode") or "").strip()
        if not re.fullmatch(r"64\d{4}", adcode):
            problems.append("行政区划代码应为 64 开头的 6 位数字（GB/T 2260），如 640522")
        elif any(c["adcode"] == adcode for c in committees):
            problems.append(f"代码 {adcode} 已存在")
        names = {
            key: str(fields.get(key) or "").strip() for key in ("name_zh", "short_zh", "name_en")
        }
        if not names["name_zh"].endswith("政协"):
            problems.append("全称应以“政协”结尾，如“西吉县政协”")
        if not names["short_zh"]:
            problems.append("请填写简称，如“西吉”")
        if not names["name_en"]:
            problems.append("请填写英文名，如 Xiji")
        for key, label in (("name_zh", "全称"), ("short_zh", "简称")):
            if names[key] and any(c[key] == names[key] for c in committees):
                problems.append(f"{label}“{names[key]}”已被使用")
        level = fields.get("level")
        parent = str(fields.get("parent_adcode") or "").strip() or None
        levels = {c["adcode"]: c["level"] for c in committees}
        if level not in ("prefecture", "county"):
            problems.append("层级应为“地级市”或“县（市、区）”（自治区政协只有一个）")
        elif parent is None:
            problems.append("请选择上级委员会")
        elif parent not in levels:
            problems.append(f"上级委员会代码“{parent}”不存在")
        elif level == "prefecture" and levels[parent] != "region":
            problems.append("地级市政协的上级应为自治区政协")
        elif level == "county" and levels[parent] == "prefecture" and adcode[:4] != parent[:4]:
            # a county's code starts with its city's four digits (640422 → 6404 → 固原)
            problems.append(f"代码 {adcode} 不属于上级 {parent}：县级代码的前四位应与所属市相同")
        lat = _float(fields.get("seat_lat"), "驻地纬度", LAT_RANGE, problems)
        lon = _float(fields.get("seat_lon"), "驻地经度", LON_RANGE, problems)
        if level == "county" and (lat is None or lon is None) and not geo.has_shape(adcode):
            # a county of the boundary file is drawn as its shape; any other needs a dot
            problems.append("边界文件中没有这个代码的区域：请填写驻地经纬度，才能显示在地图上")
        counts = {key: _count(fields.get(key), label, problems) for key, label in (
            ("jiedao", "街道数"), ("zhen", "镇数"), ("xiang", "乡数"))}  # fmt: skip
        if problems:
            raise CatalogueError(problems)
        known = all(value is not None for value in counts.values())
        con.execute(
            sql.load("insert_committee"),
            {
                "adcode": adcode,
                **names,
                "level": level,
                "parent_adcode": parent,
                "seat_lat": lat,
                "seat_lon": lon,
                "coord_system": "GCJ-02" if lat is not None else None,
                "seat_source": fields.get("seat_source") or None,
                **counts,
                "township_year": fields.get("township_year") if known else None,
                "township_source": fields.get("township_source") if known else None,
            },
        )
        if user:
            access.record(con, "catalogue", user, f"添加委员会 {adcode} {names['name_zh']}")


def add_metric(path: Path | str, fields: dict, user: str | None = None) -> None:
    """``fields``: code, name_zh, name_en, unit_zh, category, note."""
    problems = _text_problems(
        fields,
        {"name_zh": "中文名称", "name_en": "英文名称", "unit_zh": "单位", "category": "类别",
         "note": "说明"},
    )  # fmt: skip
    with db.transaction(path) as con:
        _, metrics = catalogue(con)
        code = str(fields.get("code") or "").strip()
        if not re.fullmatch(r"[a-z][a-z0-9_]{2,48}", code):
            problems.append("代码须为小写英文字母、数字和下划线，以字母开头，如 proposals_merged")
        elif any(m["code"] == code for m in metrics):
            problems.append(f"代码 {code} 已存在")
        values = {key: str(fields.get(key) or "").strip() for key in (
            "name_zh", "name_en", "unit_zh", "category")}  # fmt: skip
        for key, label in (("name_zh", "中文名称"), ("name_en", "英文名称"), ("unit_zh", "单位"),
                           ("category", "类别")):  # fmt: skip
            if not values[key]:
                problems.append(f"请填写{label}")
        for key, label in (("name_zh", "中文名称"), ("name_en", "英文名称")):
            # compared as uploads compare them: 立案(合并交办) and 立案（合并交办） are one name
            taken = {normalise(m[key]).lower() for m in metrics}
            if values[key] and normalise(values[key]).lower() in taken:
                problems.append(f"{label}“{values[key]}”已被使用")
        if problems:
            raise CatalogueError(problems)
        con.execute(
            sql.load("insert_metric"),
            {"code": code, **values, "note": str(fields.get("note") or "").strip() or None},
        )
        if user:
            access.record(con, "catalogue", user, f"添加指标 {code} {values['name_zh']}")


def add_term(path: Path | str, fields: dict, user: str | None = None) -> None:
    """A committee's term (届次), or a correction of one: ``fields`` are ``committee``
    (简称, 全称 or code), ``term``, ``start_year``, ``end_year``, ``source`` and
    optionally ``url``, ``quote``, ``note``. Checked by :func:`cppcc.terms.check`."""
    problems = _text_problems(
        fields, {"source": "来源", "url": "来源网址", "quote": "原文摘录", "note": "备注"}
    )
    with db.transaction(path) as con:
        committees, _ = catalogue(con)
        asked = str(fields.get("committee") or "").strip()
        found = [c for c in committees if asked in (c["adcode"], c["name_zh"], c["short_zh"])]
        if not found:
            problems.append(
                f"委员会“{asked}”不在目录中：请写简称（如“银川”）、全称（如“银川市政协”）或代码"
            )
        adcode = found[0]["adcode"] if found else None
        known = pd.DataFrame(
            [t for t in _records(con.execute(sql.load("terms"))) if t["adcode"] == adcode],
            columns=["adcode", "term", "start_year", "end_year"],
        )
        row, wrong = terms.check({**fields, "adcode": adcode}, known)
        problems += wrong
        if problems:
            raise CatalogueError(problems)
        con.execute(sql.load("upsert_term"), {**row, "added_by": user or "命令行"})
        if user:
            access.record(
                con,
                "catalogue",
                user,
                f"届次 {adcode} 第{row['term']}届 {row['start_year']}–{row['end_year']}",
            )
