"""Who is signed in: the intranet identity provider (``st.login``) when ``[auth]`` is
configured in secrets, else the local staff accounts of ``cppcc.upload.accounts``."""

import streamlit as st

from cppcc import markup
from cppcc.i18n import text
from cppcc.upload import accounts

KEY = "signin_user"


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets.toml at all
        return False
    except Exception:  # a malformed secrets file must not take the page down
        return False


def current_user() -> str | None:
    if st.session_state.get(KEY):
        return st.session_state[KEY]
    if oidc_configured() and st.user.get("is_logged_in", False):
        return st.user.get("email") or st.user.get("name")
    return None


def sign_out() -> None:
    st.session_state.pop(KEY, None)
    if oidc_configured() and st.user.get("is_logged_in", False):
        st.logout()


def sign_in_form(lang: str) -> None:
    """Ask for credentials; on success the page reruns signed in."""
    st.info(text("signin_needed", lang))
    if oidc_configured():
        if st.button(text("signin_oidc", lang), key="signin_oidc", type="primary"):
            st.login()
        return
    try:
        any_accounts = accounts.has_accounts()
    except accounts.AccountsCorrupt as error:
        st.error(markup.md(error))
        st.stop()
    if not any_accounts:
        st.warning(text("signin_no_accounts", lang))
        return
    with st.form("signin_form"):
        name = st.text_input(text("signin_name", lang), key="signin_name")
        password = st.text_input(text("signin_password", lang), type="password", key="signin_pw")
        submitted = st.form_submit_button(text("signin_submit", lang), type="primary")
    if submitted:
        if accounts.verify(name.strip(), password):
            st.session_state[KEY] = name.strip()
            st.rerun()
        else:
            st.error(text("signin_failed", lang))
