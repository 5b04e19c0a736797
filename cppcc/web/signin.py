"""Who is signed in: the intranet identity provider (``st.login``) when ``[auth]`` is
configured in secrets, else the local staff accounts of ``cppcc.upload.accounts``."""

import streamlit as st

from cppcc import markup, settings
from cppcc.i18n import text
from cppcc.store import db
from cppcc.store.config import store_target
from cppcc.upload import access, accounts, binding

KEY = "signin_user"


def oidc_configured() -> bool:
    return settings.secret(st.secrets, "auth") is not None


def current_user() -> str | None:
    if st.session_state.get(KEY):
        return st.session_state[KEY]
    if oidc_configured() and st.user.get("is_logged_in", False):
        name = st.user.get("email") or st.user.get("name")
        if name and not st.session_state.get(f"{KEY}_recorded"):
            # one audit entry per session, not one per rerun
            access.record_signin(store_target(), name, True, "统一身份认证")
            st.session_state[f"{KEY}_recorded"] = True
        return name
    return None


def _staff_settings() -> dict:
    # no or a malformed secrets file: nobody is 管理员 by claim
    return settings.secret(st.secrets, "staff") or {}


def current_role() -> str | None:
    """录入员 or 管理员 for the signed-in user (see ``cppcc.upload.access``)."""
    user = current_user()
    if user is None:
        return None
    if st.session_state.get(KEY):
        return accounts.role_of(user) or access.ENTRY
    return access.oidc_role(st.user.to_dict(), _staff_settings())


def current_scope(committees: list[dict]) -> binding.Scope | None:
    """The committees the signed-in 录入员 may write (None: every committee). A local
    account's binding is in the accounts store; an identity-provider user's comes from
    the claim ``committee_claim`` in ``[staff]`` names. A claim naming no committee of
    the catalogue binds to none at all: the account then writes nothing, rather than
    everything."""
    user, role = current_user(), current_role()
    if user is None or role == access.ADMIN:
        return None
    if st.session_state.get(KEY):
        return binding.scope_for(user, role, accounts.committees_of(user), committees)
    claimed = access.oidc_committees(st.user.to_dict(), _staff_settings())
    if not claimed:
        return None
    found = []
    for value in claimed:
        try:
            found += binding.resolve([value], committees)
        except ValueError:
            continue  # a name outside the catalogue binds to nothing
    return binding.scope_for(user, role, found, committees) or binding.Scope(
        user, frozenset(), tuple(claimed)
    )


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
        name = name.strip()
        try:
            outcome, wait = access.attempt_signin(
                store_target(),
                name,
                lambda: accounts.verify(name, password),
                known=accounts.role_of(name) is not None,
            )
        except db.StoreBusy:
            st.warning(text("store_busy", lang))
            return
        if outcome == "throttled":
            # not even checked: repeated guessing costs the guesser time, not the server
            st.error(text("signin_throttled", lang, seconds=int(wait) + 1))
            return
        if outcome == "ok":
            st.session_state[KEY] = name
            st.rerun()
        else:
            st.error(text("signin_failed", lang))
