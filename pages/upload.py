"""数据上传: template, upload with checks and preview, apply as a batch; history and undo;
adding committees and metrics. Signed-in staff only; browsing needs no sign-in."""

import streamlit as st

from cppcc import catalogue, db, signin, store, template, upload, upload_views
from cppcc.config import db_path
from cppcc.ui import ensure_router, lang, t

ensure_router()
st.title(t("upload_title"))
st.caption(t("upload_intro"))

user = signin.current_user()
if user is None:
    signin.sign_in_form(lang())
    st.stop()
left, right = st.columns([4, 1])
left.caption(t("signed_in_as", name=user))
if right.button(t("sign_out"), key="upload_sign_out"):
    signin.sign_out()
    st.rerun()

mode = st.segmented_control(
    t("upload_mode"),
    ["upload", "history", "catalogue"],
    format_func=lambda m: t(f"mode_{m}"),
    key="upload_mode",
    default="upload",
    required=True,
)
names = upload_views.name_lookup(store.query("committees"), store.query("metrics_reported"), lang())


def show_upload() -> None:
    st.subheader(t("template_heading"))
    st.caption(t("template_help"))
    committees, metrics = upload.catalogue(store.cursor())
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
        lambda: template.store_xlsx(store.cursor(), committees, metrics),
        file_name="宁夏政协_现有数据.xlsx",
        key="upload_template_data",
        width="stretch",
    )

    st.subheader(t("file_heading"))
    # Streamlit's own uploader text is English and cannot be translated
    st.markdown(t("file_help"))
    chosen = st.file_uploader(
        t("file_label"), type=["xlsx", "csv"], key="upload_file", label_visibility="collapsed"
    )
    if chosen is None:
        st.session_state.pop("upload_preview", None)
        return
    data = chosen.getvalue()
    preview = st.session_state.get("upload_preview")
    if preview is None or preview.file_name != chosen.name or preview.sha256 != upload.sha256(data):
        with st.spinner(t("checking")):
            preview = upload.preview(store.cursor(), chosen.name, data)
        st.session_state["upload_preview"] = preview

    if not preview.ok:
        st.error(t("problems_found", n=len(preview.problems)))
        problems = upload_views.problems_table(preview, lang())
        # a short list reads best as plain text; a long one needs the scrolling grid
        if len(problems) <= 50:
            st.table(problems.set_index(problems.columns[0]))
        else:
            st.dataframe(problems, hide_index=True, width="stretch")
        return

    st.subheader(t("preview_heading"))
    a, b, c = st.columns(3)
    a.metric(t("count_new"), len(preview.new))
    b.metric(t("count_changed"), len(preview.changed))
    c.metric(t("count_unchanged"), len(preview.unchanged))
    if preview.new:
        st.markdown(f"**{t('new_rows')}**")
        st.dataframe(
            upload_views.changes_table(preview.new, names, lang(), with_old=False),
            hide_index=True,
            width="stretch",
        )
    if preview.changed:
        st.markdown(f"**{t('changed_rows')}**")
        st.dataframe(
            upload_views.changes_table(preview.changed, names, lang(), with_old=True),
            hide_index=True,
            width="stretch",
        )
    if preview.unchanged:
        with st.expander(f"{t('unchanged_rows')}（{len(preview.unchanged)}）"):
            st.dataframe(
                upload_views.changes_table(preview.unchanged, names, lang(), with_old=False),
                hide_index=True,
                width="stretch",
            )
    if not (preview.new or preview.changed):
        st.info(t("nothing_to_apply"))
        return

    st.subheader(t("apply_heading"))
    confirm = True
    if preview.changes_curated:
        st.warning(t("curated_warning", n=len(preview.changes_curated)))
        confirm = st.checkbox(t("confirm_curated"), key="upload_confirm_curated")
    reason = st.text_input(t("reason"), key="upload_reason")
    count = len(preview.new) + len(preview.changed)
    if st.button(
        t("apply_button", n=count), type="primary", key="upload_apply", disabled=not confirm
    ):
        if preview.changes_curated and not reason.strip():
            st.error(t("reason_required"))
            return
        try:
            with st.spinner(t("applying")):
                batch = upload.apply(
                    db_path(), preview, user=user, reason=reason or None, confirm_curated=confirm
                )
        except upload.StoreChanged:
            st.session_state.pop("upload_preview", None)
            st.error(t("store_changed"))
            return
        except db.StoreBusy:
            st.error(t("store_busy_write"))
            return
        store.clear()
        st.session_state.pop("upload_preview", None)
        st.success(t("applied", batch=batch, new=len(preview.new), changed=len(preview.changed)))


def show_history() -> None:
    batches = upload.batches(store.cursor())
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
        upload_views.batch_rows_table(upload.batch_rows(store.cursor(), chosen), lang()),
        hide_index=True,
        width="stretch",
    )
    batch = next(b for b in batches if b["batch_id"] == chosen)
    if batch["kind"] != "upload" or batch["reverted_by"]:
        return
    sure = st.checkbox(t("revert_confirm", batch=chosen), key=f"upload_revert_sure_{chosen}")
    if st.button(t("revert_button", batch=chosen), disabled=not sure, key="upload_revert"):
        try:
            new = upload.revert(db_path(), chosen, user=user)
        except upload.RevertRefused as refused:
            st.error(t("revert_refused", why=refused))
            return
        except db.StoreBusy:
            st.error(t("store_busy_write"))
            return
        store.clear()
        st.success(t("reverted", batch=chosen, new=new))


def show_catalogue() -> None:
    committees = store.query("committees")
    with st.form("upload_add_committee"):
        st.subheader(t("add_committee_heading"))
        one, two, three = st.columns(3)
        fields = {
            "adcode": one.text_input(t("adcode"), placeholder="640422"),
            "name_zh": two.text_input(t("name_zh"), placeholder="西吉县政协"),
            "short_zh": three.text_input(t("short_zh"), placeholder="西吉"),
            "name_en": one.text_input(t("name_en"), placeholder="Xiji"),
            "level": two.selectbox(
                t("level"), list(catalogue.LEVELS), index=2, format_func=catalogue.LEVELS.get
            ),
            "parent_adcode": three.selectbox(
                t("parent"),
                list(committees["adcode"]),
                format_func=dict(zip(committees["adcode"], committees["name_zh"], strict=True)).get,
            ),
            "seat_lat": one.text_input(t("seat_lat"), placeholder="35.96"),
            "seat_lon": two.text_input(t("seat_lon"), placeholder="105.73"),
            "jiedao": three.text_input(t("jiedao")),
            "zhen": one.text_input(t("zhen")),
            "xiang": two.text_input(t("xiang")),
        }
        if st.form_submit_button(t("add_button")):
            added(catalogue.add_committee, fields, fields["name_zh"])
    with st.form("upload_add_metric"):
        st.subheader(t("add_metric_heading"))
        one, two, three = st.columns(3)
        fields = {
            "code": one.text_input(t("code"), placeholder="proposals_key"),
            "name_zh": two.text_input(t("name_zh")),
            "name_en": three.text_input(t("name_en")),
            "unit_zh": one.text_input(t("unit"), placeholder="件"),
            "category": two.text_input(t("category"), placeholder="提案"),
            "note": three.text_input(t("note")),
        }
        if st.form_submit_button(t("add_button")):
            added(catalogue.add_metric, fields, fields["name_zh"])


def added(action, fields: dict, name: str) -> None:
    try:
        action(db_path(), fields)
    except catalogue.CatalogueError as error:
        st.error(t("catalogue_problems") + "\n\n" + "\n".join(f"- {p}" for p in error.problems))
        return
    except db.StoreBusy:
        st.error(t("store_busy_write"))
        return
    store.clear()
    st.success(t("added", name=name))


{"upload": show_upload, "history": show_history, "catalogue": show_catalogue}[mode]()
