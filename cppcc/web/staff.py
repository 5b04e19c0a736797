"""The staff page's sections (Streamlit): upload and preview, extraction from report
text, history and undo, catalogue. The page file only signs in and picks a section."""

import streamlit as st

from cppcc import markup
from cppcc.store.config import store_target
from cppcc.upload import access, binding, catalogue, pipeline, template
from cppcc.web import cache, collect_views, signin, upload_views, uploader, writes
from cppcc.web.ui import lang, static_table, t


def shown_names() -> dict:
    return upload_views.name_lookup(
        cache.query("committees"), cache.query("metrics_reported"), lang()
    )


def bound_scope() -> binding.Scope | None:
    """The committees the signed-in account may write (None: all of them)."""
    return signin.current_scope(pipeline.catalogue(cache.cursor())[0])


def bound_to() -> str:
    """The committees the signed-in account is bound to, for the page's header ("" when
    it may write every committee)."""
    scope = bound_scope()
    return "" if scope is None else scope.named


def _done(message: str) -> None:
    """A write went through: drop every cached read and draw the page again at once, so
    the history, the preview and the buttons above show the new state (this run has
    drawn the old one); the message is shown on the next run, by ``show_done``."""
    cache.clear()
    st.session_state["upload_done"] = message
    st.rerun()


def show_done() -> None:
    message = st.session_state.pop("upload_done", None)
    if message:
        st.success(message)


def _cached_preview(key: str, file_name: str, data: bytes) -> pipeline.Preview:
    """One preview per file content: reruns of the page don't read the file again."""
    preview = st.session_state.get(key)
    if preview is None or preview.file_name != file_name or preview.sha256 != pipeline.sha256(data):
        with st.spinner(t("checking")):
            preview = pipeline.preview(cache.cursor(fresh=True), file_name, data, bound_scope())
        st.session_state[key] = preview
    return preview


# rows of each preview table drawn on the page: a file of 100,000 rows tabulated whole
# held ~100 MB more in the server (the table, its Arrow copy, the message to the
# browser) and sent megabytes to every rerun; the counts above the tables are whole
PREVIEW_ROWS = 1_000


def _change_tables(preview: pipeline.Preview, names: dict, key: str) -> dict:
    """The preview's tables of new, changed and unchanged rows (the first
    ``PREVIEW_ROWS`` of each), built once per preview and language: the page reruns on
    every keystroke in the reason box."""
    made_for = (preview.sha256, preview.fingerprint, lang(), len(preview.new))
    kept = st.session_state.get(f"{key}_tables")
    if kept is None or kept[0] != made_for:
        tables = {}
        for kind, with_old in (("new", False), ("changed", True), ("unchanged", False)):
            changes = getattr(preview, kind)
            if changes:
                tables[kind] = upload_views.changes_table(
                    changes[:PREVIEW_ROWS], names, lang(), with_old=with_old
                )
        kept = st.session_state[f"{key}_tables"] = (made_for, tables)
    return kept[1]


def _change_table(table, total: int) -> None:
    if total > len(table):
        st.caption(t("rows_listed_first", shown=len(table), n=total))
    st.dataframe(table, hide_index=True, width="stretch")


def show_preview_and_apply(preview: pipeline.Preview, *, user: str, key: str) -> None:
    """Problems, or the changes the file would make and the button that applies them."""
    if not preview.ok:
        st.error(t("problems_found", n=len(preview.problems)))
        problems = upload_views.problems_table(preview, lang())
        # a short list reads best as plain text; a long one needs the scrolling grid
        if len(problems) <= 50:
            static_table(problems.set_index(problems.columns[0]))
        else:
            st.dataframe(problems, hide_index=True, width="stretch")
        return

    names = shown_names()
    st.subheader(t("preview_heading"))
    if preview.round_id is not None:
        st.info(t("round_return_note", round=preview.round_id, n=preview.not_reported))
    a, b, c = st.columns(3)
    # 1,500 as the tables and the apply button write it
    a.metric(t("count_new"), f"{len(preview.new):,}")
    b.metric(t("count_changed"), f"{len(preview.changed):,}")
    c.metric(t("count_unchanged"), f"{len(preview.unchanged):,}")
    tables = _change_tables(preview, names, key)
    for kind, title in (("new", "new_rows"), ("changed", "changed_rows")):
        if kind in tables:
            st.markdown(f"**{t(title)}**")
            _change_table(tables[kind], len(getattr(preview, kind)))
    if "unchanged" in tables:
        with st.expander(f"{t('unchanged_rows')}（{len(preview.unchanged)}）"):
            _change_table(tables["unchanged"], len(preview.unchanged))
    if not (preview.new or preview.changed):
        st.info(t("nothing_to_apply"))
        return

    st.subheader(t("apply_heading"))
    confirm = True
    if preview.changes_curated:
        st.warning(t("curated_warning", n=len(preview.changes_curated)))
        confirm = st.checkbox(t("confirm_curated"), key=f"{key}_confirm_curated")
    reason = st.text_input(t("reason"), key=f"{key}_reason")
    count = len(preview.new) + len(preview.changed)
    if not st.button(
        t("apply_button", n=count), type="primary", key=f"{key}_apply", disabled=not confirm
    ):
        return
    if preview.changes_curated and not reason.strip():
        st.error(t("reason_required"))
        return
    try:
        with st.spinner(t("applying")), writes.writing() as written:
            batch = pipeline.apply(
                store_target(),
                preview,
                user=user,
                reason=reason or None,
                confirm_curated=confirm,
                scope=bound_scope(),
            )
    except pipeline.StoreChanged:
        st.session_state.pop(f"{key}_preview", None)
        st.error(t("store_changed"))
        return
    if not written:
        return
    st.session_state.pop(f"{key}_preview", None)
    st.session_state.pop(f"{key}_tables", None)
    st.session_state[f"{key}_applied"] = (preview.sha256, batch)
    _done(t("applied", batch=batch, new=len(preview.new), changed=len(preview.changed)))


def show_upload(user: str, role: str) -> None:
    scope = bound_scope()
    if scope is not None:
        st.info(t("bound_upload_note", names=markup.md(scope.named)))
    st.subheader(t("template_heading"))
    st.caption(t("template_help"))
    committees, metrics = pipeline.catalogue(cache.cursor())
    one, two, three = st.columns(3)
    one.download_button(
        t("template_xlsx"),
        template.xlsx(committees, metrics),
        file_name="宁夏政协_数据上传模板.xlsx",
        key="upload_template_xlsx",
        width="stretch",
    )
    two.download_button(
        t("template_csv"),
        template.csv_bytes(),
        file_name="宁夏政协_数据上传模板.csv",
        key="upload_template_csv",
        width="stretch",
    )
    three.download_button(
        t("template_with_data"),
        lambda: template.store_xlsx(cache.cursor(), committees, metrics),
        file_name="宁夏政协_现有数据.xlsx",
        key="upload_template_data",
        width="stretch",
    )
    st.subheader(t("file_heading"))
    st.markdown(t("file_help"))
    chosen = uploader.file_box(t("file_label"), ["xlsx", "csv"], key="upload_file")
    if chosen is None:
        st.session_state.pop("upload_preview", None)
        st.session_state.pop("upload_applied", None)
        return
    data = chosen.getvalue()
    applied = st.session_state.get("upload_applied")
    if applied is not None and applied[0] == pipeline.sha256(data):
        # the file just written is still in the box: checking all of it again against
        # the store would find nothing to apply and cost the server as much as its preview
        st.info(t("applied_file_note", batch=applied[1]))
        return
    st.session_state.pop("upload_applied", None)
    preview = _cached_preview("upload_preview", chosen.name, data)
    show_preview_and_apply(preview, user=user, key="upload")


def show_extract(user: str, role: str) -> None:
    # the extraction view (extract_views) shows its result with this module's preview
    from cppcc.web import extract_views

    extract_views.show_extract(user, role)


def offer_committee(name: str, committees: list[dict]) -> str | None:
    """A committee the text names outside the catalogue: add it, or file its figures
    under one of the catalogue's (returned; applied when the rows are sent, so the
    table staff are editing is left as it is)."""
    one, two = st.columns(2)
    one.button(
        t("extract_add_committee", name=markup.md(name)),
        key=f"extract_add_{name}",
        on_click=_to_catalogue,
        args=(name,),
    )
    names = {c["short_zh"]: shown_names().get(c["adcode"], c["name_zh"]) for c in committees}
    chosen = two.selectbox(
        t("extract_choose_committee", name=markup.md(name)),
        ["", *names],  # "" as in extract_views' committee picker: relabelled on a switch
        format_func=lambda short: names[short] if short else t("extract_choose_none"),
        key=f"extract_assign_{name}",
    )
    return chosen or None


def _to_catalogue(name: str) -> None:
    st.session_state["upload_mode"] = "catalogue"
    st.session_state["upload_new_committee"] = name


def show_history(user: str, role: str) -> None:
    batches = pipeline.batches(cache.cursor())
    if not batches:
        st.info(t("history_empty"))
        return
    st.dataframe(upload_views.batches_table(batches, lang()), hide_index=True, width="stretch")
    chosen = st.selectbox(
        t("choose_batch"),
        [b["batch_id"] for b in batches],
        format_func=lambda b: f"{t('batch')} {b}",
        key="upload_history_batch",
    )
    st.markdown(f"**{t('batch_rows_heading', batch=chosen)}**")
    st.dataframe(
        upload_views.batch_rows_table(pipeline.batch_rows(cache.cursor(), chosen), lang()),
        hide_index=True,
        width="stretch",
    )
    batch = next(b for b in batches if b["batch_id"] == chosen)
    if batch["kind"] != "upload" or batch["reverted_by"]:
        return
    if batch["user_name"] != user and not access.can(role, "revert_any"):
        st.caption(t("revert_not_yours", owner=markup.md(batch["user_name"])))
        return
    sure = st.checkbox(t("revert_confirm", batch=chosen), key=f"upload_revert_sure_{chosen}")
    if st.button(t("revert_button", batch=chosen), disabled=not sure, key="upload_revert"):
        try:
            with writes.writing() as written:
                new = pipeline.revert(
                    store_target(), chosen, user=user, role=role, scope=bound_scope()
                )
        except pipeline.RevertRefused as refused:
            st.error(t("revert_refused", why=markup.md(refused)))
            return
        if not written:
            return
        _done(t("reverted", batch=chosen, new=new))


def show_catalogue(user: str, role: str) -> None:
    if not access.can(role, "catalogue"):
        st.warning(t("admin_only"))
        return
    committees = cache.query("committees")
    parents = dict(zip(committees["adcode"], committees["name_zh"], strict=True))
    with st.form("upload_add_committee"):
        st.subheader(t("add_committee_heading"))
        one, two, three = st.columns(3)
        fields = {
            "adcode": one.text_input(t("adcode"), placeholder="640422"),
            "name_zh": two.text_input(
                t("name_zh"),
                value=st.session_state.get("upload_new_committee", ""),
                placeholder="西吉县政协",
            ),
            "short_zh": three.text_input(t("short_zh"), placeholder="西吉"),
            "name_en": one.text_input(t("name_en"), placeholder="Xiji"),
            "level": two.selectbox(
                t("level"),
                ["county", "prefecture"],
                format_func=lambda level: t(f"committee_level_{level}"),
            ),
            "parent_adcode": three.selectbox(t("parent"), list(parents), format_func=parents.get),
            "seat_lat": one.text_input(t("seat_lat"), placeholder="35.96"),
            "seat_lon": two.text_input(t("seat_lon"), placeholder="105.73"),
            "jiedao": three.text_input(t("jiedao")),
            "zhen": one.text_input(t("zhen")),
            "xiang": two.text_input(t("xiang")),
        }
        added = st.form_submit_button(t("add_button")) and _added(
            catalogue.add_committee, fields, fields["name_zh"], user
        )
        if added:
            st.session_state.pop("upload_new_committee", None)
    with st.form("upload_add_metric"):
        st.subheader(t("add_metric_heading"))
        one, two, three = st.columns(3)
        fields = {
            "code": one.text_input(t("code"), placeholder="proposals_merged"),
            "name_zh": two.text_input(t("name_zh")),
            "name_en": three.text_input(t("name_en")),
            "unit_zh": one.text_input(t("unit"), placeholder="件"),
            "category": two.text_input(t("category"), placeholder="提案"),
            "note": three.text_input(t("note")),
        }
        if st.form_submit_button(t("add_button")):
            _added(catalogue.add_metric, fields, fields["name_zh"], user)
    _term_form(committees, user)


def _term_form(committees, user: str) -> None:
    """A committee's term (届次) with its public source; the same term again corrects it."""
    names = dict(zip(committees["adcode"], committees["name_zh"], strict=True))
    with st.form("upload_add_term"):
        st.subheader(t("add_term_heading"))
        one, two, three = st.columns(3)
        fields = {
            "committee": one.selectbox(t("term_committee"), list(names), format_func=names.get),
            "term": two.text_input(t("term_number"), placeholder="12"),
            "start_year": three.text_input(t("term_start"), placeholder="2023"),
            "end_year": one.text_input(t("term_end"), placeholder="2027"),
            "source": two.text_input(t("term_source")),
            "url": three.text_input(t("term_url"), placeholder="https://"),
            "quote": one.text_input(t("term_quote")),
            "note": two.text_input(t("term_note")),
        }
        if st.form_submit_button(t("add_button")):
            label = f"{names.get(fields['committee'], '')} {fields['term']}"
            _added(catalogue.add_term, fields, label, user)


def _added(action, fields: dict, name: str, user: str) -> bool:
    try:
        with writes.writing() as written:
            action(store_target(), fields, user)
    except catalogue.CatalogueError as error:
        problems = "\n".join(f"- {markup.md(p)}" for p in error.problems)
        st.error(t("catalogue_problems") + "\n\n" + problems)
        return False
    if not written:
        return False
    cache.clear()
    st.success(t("added", name=markup.md(name)))
    return True


def show_audit(user: str, role: str) -> None:
    if not access.can(role, "audit"):
        st.warning(t("admin_only"))
        return
    st.caption(t("audit_intro"))
    found = access.entries()
    if not found:
        st.info(t("audit_empty"))
        return
    st.dataframe(upload_views.audit_table(found, lang()), hide_index=True, width="stretch")


SECTIONS = {
    "upload": show_upload,
    "round": collect_views.show_round,
    "extract": show_extract,
    "history": show_history,
    "catalogue": show_catalogue,
    "accounts": collect_views.show_accounts,
    "audit": show_audit,
}


def sections(role: str) -> dict:
    """The sections this role may open: 录入员 do not see the catalogue or the audit log.
    A section asked for that the role may not open (the extraction's “添加到目录” for a
    录入员) falls back to the upload section."""
    allowed = {name: show for name, show in SECTIONS.items() if access.can(role, name)}
    if st.session_state.get("upload_mode") not in (None, *allowed):
        st.session_state["upload_mode"] = "upload"
    show_done()
    return allowed
