"""The upload page's 数据征集 and 账号 sections (Streamlit).

数据征集: a 管理员 opens a round, downloads the workbooks (all in one .zip or one
committee's), and follows the progress board (sortable, exported as .xlsx, with the
reminder ready to send and the figures that disagree with a report); a 录入员 downloads
the workbooks of the committees they may write. 账号: a 管理员 adds accounts and binds
录入员 to committees. The logic is in ``cppcc.collect`` and ``cppcc.upload.accounts``.
"""

from datetime import date

import pandas as pd
import streamlit as st

from cppcc import markup
from cppcc.collect import board, workbook
from cppcc.collect import round as rounds
from cppcc.store.config import store_target
from cppcc.upload import access, accounts, pipeline
from cppcc.web import cache, signin, writes
from cppcc.web.ui import lang, t


def _open_form(user: str, committees: list[dict], metrics: list[dict]) -> None:
    con = cache.cursor()
    this_year = date.today().year
    names = {c["adcode"]: c["name_zh"] for c in committees}
    english = lang() == "en"
    metric_names = {m["code"]: (english and m.get("name_en")) or m["name_zh"] for m in metrics}
    with st.form("round_open_form"):
        years = st.multiselect(
            t("round_years"), list(range(this_year, this_year - 8, -1)), default=[this_year - 1]
        )
        chosen_metrics = st.multiselect(
            t("round_metrics"), list(metric_names), rounds.default_metrics(con),
            format_func=metric_names.get,
        )  # fmt: skip
        chosen_committees = st.multiselect(
            t("round_committees"), list(names), rounds.default_committees(con),
            format_func=names.get,
        )  # fmt: skip
        due = st.date_input(t("round_due"), value=None, min_value=date.today())
        note = st.text_input(t("round_note"))
        submitted = st.form_submit_button(t("round_open_button"), type="primary")
    if not submitted:
        return
    if not chosen_metrics or not chosen_committees:
        st.error(t("round_need_choice"))
        return
    try:
        ok, opened = writes.stored(
            rounds.open_round, store_target(), user=user, years=years, metrics=chosen_metrics,
            committees=chosen_committees, due=due.isoformat() if due else None, note=note,
        )  # fmt: skip
    except rounds.RoundError as error:
        st.error(
            t("round_problems") + "\n\n" + "\n".join(f"- {markup.md(p)}" for p in error.problems)
        )
        return
    if ok:
        cache.clear()
        st.session_state["round_chosen"] = opened["round_id"]
        st.success(t("round_opened", round=opened["round_id"], n=opened["n_asked"]))


def _downloads(round_: dict, rows: list[dict], allowed: set[str] | None, manage: bool) -> None:
    """Every workbook as a .zip (管理员), and one committee's workbook."""
    number = round_["round_id"]
    mine = [r for r in rows if allowed is None or r["adcode"] in allowed]
    if not mine:
        st.info(t("round_not_yours"))
        return
    one, two = st.columns(2)
    if manage:
        one.download_button(
            t("round_zip", n=len(rows)),
            lambda: workbook.zip_bytes(workbook.workbooks(cache.cursor(), number)),
            file_name=f"数据征集第{number}轮_全部工作簿.zip",
            key=f"round_zip_{number}",
            width="stretch",
        )
    names = {r["adcode"]: r["committee_name"] for r in mine}
    adcode = two.selectbox(
        t("round_one_committee"), list(names), format_func=names.get, key=f"round_pick_{number}"
    )
    short = next(r["committee"] for r in mine if r["adcode"] == adcode)
    two.download_button(
        t("round_one_workbook", name=names[adcode]),
        lambda: workbook.workbooks(cache.cursor(), number, [adcode])[0][1],
        file_name=workbook.file_name(round_, short),
        key=f"round_book_{number}_{adcode}",
        width="stretch",
    )


def board_frame(rows: list[dict], language: str) -> pd.DataFrame:
    """The board as the page shows it, headers in the page's language."""
    from cppcc.i18n import text

    status = {key: text(f"round_status_{key}", language) for key in board.STATUS_NAMES}
    return pd.DataFrame(
        {
            text("committee", language): [r["committee"] for r in rows],
            text("round_col_status", language): [status[r["status"]] for r in rows],
            text("round_col_asked", language): [r["asked"] for r in rows],
            text("round_col_filled", language): [r["filled"] for r in rows],
            text("round_col_missing", language): [r["missing"] for r in rows],
            text("round_col_returned", language): [
                f"{r['returned_at']:%Y-%m-%d %H:%M}" if r["returned_at"] else "" for r in rows
            ],
            text("round_col_user", language): [r["user"] or "" for r in rows],
            text("round_col_disagree", language): [r["disagreements"] for r in rows],
        }
    )


def _disagreement_columns() -> list[str]:
    keys = ["committee", "metric", "year", "round_dis_shown", "source", "round_dis_date",
            "round_dis_other", "round_dis_other_source", "round_dis_other_date"]  # fmt: skip
    return [t(key) for key in keys]


def _board(round_: dict, rows: list[dict]) -> None:
    st.subheader(t("round_board_heading"))
    returned = sum(r["status"] != board.MISSING for r in rows)
    complete = sum(r["status"] == board.COMPLETE for r in rows)
    a, b, c, d = st.columns(4)
    a.metric(t("round_metric_asked"), len(rows))
    b.metric(t("round_metric_returned"), returned)
    c.metric(t("round_metric_complete"), complete)
    d.metric(t("round_metric_disagree"), sum(r["disagreements"] > 0 for r in rows))
    st.caption(t("round_board_help"))
    st.dataframe(board_frame(rows, lang()), hide_index=True, width="stretch")
    found = board.disagreements(cache.cursor(), round_["round_id"])
    st.download_button(
        t("round_board_xlsx"),
        lambda: board.board_xlsx(round_, rows, found),
        file_name=f"数据征集第{round_['round_id']}轮_进度.xlsx",
        key=f"round_board_xlsx_{round_['round_id']}",
    )
    if found:
        st.warning(t("round_disagree_note", n=len(found)))
        st.dataframe(
            pd.DataFrame(board.disagreement_rows(found), columns=_disagreement_columns()),
            hide_index=True,
            width="stretch",
        )
    notice = board.reminder(round_, rows)
    st.markdown(f"**{t('round_reminder_heading')}**")
    if notice:
        st.caption(t("round_reminder_help"))
        st.code(notice, language=None, wrap_lines=True)
    else:
        st.success(t("round_all_returned"))


def show_round(user: str, role: str) -> None:
    manage = access.can(role, "round_manage")
    st.caption(t("round_intro"))
    committees, metrics = pipeline.catalogue(cache.cursor())
    found = rounds.rounds(cache.cursor())
    if manage:
        with st.expander(t("round_open_heading"), expanded=not found):
            _open_form(user, committees, metrics)
        found = rounds.rounds(cache.cursor())
    if not found:
        st.info(t("round_none" if manage else "round_none_entry"))
        return
    labels = {
        r["round_id"]: t("round_label", round=r["round_id"], years=r["years"], n=r["n_committees"])
        for r in found
    }
    if st.session_state.get("round_chosen") not in labels:
        st.session_state["round_chosen"] = found[0]["round_id"]
    chosen = st.selectbox(
        t("round_choose"), list(labels), format_func=labels.get, key="round_chosen"
    )
    round_ = next(r for r in found if r["round_id"] == chosen)
    due = round_["due"] or t("round_no_due")
    st.caption(
        t("round_summary", years=round_["years"], due=due, who=markup.md(round_["opened_by"]),
          n=round_["n_committees"], metrics=round_["n_metrics"], asked=round_["n_asked"])
    )  # fmt: skip
    rows = board.board(cache.cursor(), chosen, committees)
    scope = signin.current_scope(committees)
    _downloads(round_, rows, None if scope is None else set(scope.adcodes), manage)
    st.caption(t("round_return_how"))
    if manage:
        _board(round_, rows)


def _accounts_table(found: list[dict], names: dict) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("signin_name"): [a["name"] for a in found],
            t("account_role"): [t(f"role_{a['role']}") for a in found],
            t("account_committees"): [
                "、".join(names.get(c, c) for c in a["committees"]) or t("account_all")
                for a in found
            ],
        }
    )


def show_accounts(user: str, role: str) -> None:
    if not access.can(role, "accounts"):
        st.warning(t("admin_only"))
        return
    st.caption(t("accounts_intro"))
    committees, _ = pipeline.catalogue(cache.cursor())
    names = {c["adcode"]: c["name_zh"] for c in committees}
    with st.form("accounts_form"):
        st.subheader(t("accounts_form_heading"))
        one, two, three = st.columns(3)
        name = one.text_input(t("signin_name"), key="accounts_name")
        password = two.text_input(t("accounts_password"), type="password", key="accounts_pw")
        chosen_role = three.selectbox(
            t("account_role"), list(access.ROLES), format_func=lambda r: t(f"role_{r}"),
            key="accounts_role",
        )  # fmt: skip
        bound = st.multiselect(
            t("accounts_bind"), list(names), format_func=names.get, key="accounts_bound"
        )
        submitted = st.form_submit_button(t("accounts_save"), type="primary")
    if submitted:
        _save_account(name.strip(), password, chosen_role, bound)
    try:
        found = accounts.listing()
    except accounts.AccountsCorrupt as error:
        st.error(markup.md(error))
        return
    if found:
        st.dataframe(_accounts_table(found, names), hide_index=True, width="stretch")


def _save_account(name: str, password: str, role: str, bound: list[str]) -> None:
    """A password makes or resets the account; without one, an existing account's role
    and committees change and its password stays."""
    try:
        if password:
            ok, _ = writes.stored(accounts.add_user, name, password, role=role, committees=bound)
        else:
            ok, _ = writes.stored(accounts.set_access, name, role, bound)
    except (accounts.AccountError, ValueError) as error:
        st.error(markup.md(error))
        return
    if ok:
        st.success(t("accounts_saved", name=markup.md(name)))
