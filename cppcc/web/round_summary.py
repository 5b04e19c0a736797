"""The overview's one line on the latest collection round. Apart from
``collect_views`` so that the overview does not import the rounds' workbook code
(openpyxl, about 180 modules) before its first chart (#24)."""

from cppcc.web import cache
from cppcc.web.ui import t


def overview_note() -> str | None:
    """One line for the overview's completeness matrix: how far the latest round is."""
    found = cache.query("rounds_list")
    if found is None or found.empty:
        return None
    latest = found.iloc[0]
    rows = cache.query("round_board", round_id=int(latest["round_id"]))
    return t(
        "round_overview",
        round=int(latest["round_id"]),
        years=latest["years"],
        n=len(rows),
        returned=int(rows["returned_at"].notna().sum()),
    )
