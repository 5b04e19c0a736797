"""数据上传: signed-in staff upload files or report text, preview, apply as a batch, undo,
and add committees and metrics. Browsing the dashboard needs no sign-in."""

import streamlit as st

from cppcc.web import signin, staff
from cppcc.web.ui import ensure_router, lang, plain_caption, t

ensure_router()
st.title(t("upload_title"))
st.caption(t("upload_intro"))

user = signin.current_user()
if user is None:
    signin.sign_in_form(lang())
    st.stop()
signin.keep_signed_in()
left, right = st.columns([4, 1])
role = signin.current_role()
bound = staff.bound_to()
role_text = t(f"role_{role}") + (f" · {bound}" if bound else "")
with left:  # plain text: a name from an identity provider may be an e-mail address,
    # which markdown (even escaped) would turn into a mailto: link
    plain_caption([t("signed_in_as", name=user, role=role_text)])
if right.button(t("sign_out"), key="upload_sign_out"):
    signin.sign_out()
    st.rerun()

allowed = staff.sections(role)
section = st.segmented_control(
    t("upload_mode"),
    list(allowed),
    format_func=lambda m: t(f"mode_{m}"),
    key="upload_mode",
    default="upload",
    required=True,
)
allowed[section](user, role)
