"""Who is signed in: the intranet identity provider (``st.login``) when ``[auth]`` is
configured in secrets, else the local staff accounts of ``cppcc.upload.accounts``."""

import html
from urllib.parse import urlencode

import streamlit as st

from cppcc import markup, settings
from cppcc.i18n import text
from cppcc.store import db
from cppcc.store.config import store_target
from cppcc.upload import access, accounts, binding, sessions
from cppcc.web import server

KEY = "signin_user"
SESSION = "signin_session"  # the session id of the local sign-in (its cookie's)
TICKET = "signin_ticket"  # asks the server for the cookie (``cppcc.web.server``)
SIGNED_OUT = "signin_signed_out"  # asks the server to clear the cookie


def oidc_configured() -> bool:
    return settings.secret(st.secrets, "auth") is not None


def _remembered() -> str | None:
    """A local account's name from an intact, unexpired session cookie that was not
    signed out (read once per browser session: a reload starts a new one)."""
    if st.session_state.get(f"{KEY}_cookie_read") or oidc_configured():
        return None
    st.session_state[f"{KEY}_cookie_read"] = True
    found = sessions.read(st.context.cookies.get(sessions.COOKIE), "session")
    if found is None:
        return None
    try:
        if sessions.ended(found["s"]) or accounts.role_of(found["u"]) is None:
            return None
    except (db.StoreBusy, db.StoreUnavailable, accounts.AccountsCorrupt):
        return None  # not checkable now: sign in again rather than trust it
    st.session_state[KEY], st.session_state[SESSION] = found["u"], found["s"]
    return found["u"]


def _server_address(path: str, query: str = "") -> str:
    root = (st.get_option("server.baseUrlPath") or "").strip("/")
    return ("/" + root if root else "") + path + query


def _ask_server(path: str, query: str = "") -> None:
    """A 0×0 image whose request the server answers with a Set-Cookie: the only way a
    page can set an HttpOnly cookie without a script."""
    address = html.escape(_server_address(path, query))
    st.html(f'<img src="{address}" alt="" width="0" height="0" style="display:none">')


def keep_signed_in() -> None:
    """On the signed-in page: have the server set the session cookie after a sign-in."""
    ticket = st.session_state.get(TICKET)
    if ticket and sessions.read(ticket, "ticket"):
        _ask_server(server.SESSION_PATH, "?" + urlencode({"ticket": ticket}))


def current_user() -> str | None:
    if st.session_state.get(KEY):
        return st.session_state[KEY]
    if name := _remembered():
        return name
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
    """Ends the session: its id is recorded as ended (a kept copy of the cookie is
    refused on every server) and the next page clears the cookie."""
    user, session_id = st.session_state.pop(KEY, None), st.session_state.pop(SESSION, None)
    st.session_state.pop(TICKET, None)
    if session_id and user:
        sessions.end(session_id, user)
        st.session_state[SIGNED_OUT] = True
    if oidc_configured() and st.user.get("is_logged_in", False):
        st.logout()
        # the browser must now follow st.logout's redirect (which deletes the sign-in
        # cookie and ends the provider's session); a rerun here would drop it, and the
        # cookie would sign the user back in on the next reload
        st.stop()


def _client() -> str | None:
    """The address this browser connects from (``access.client_of``)."""
    headers = st.context.headers or {}
    proxied = access.came_through_proxy(
        headers.get("X-CPPCC-Proxy"), settings.env("CPPCC_PROXY_TOKEN")
    )
    return access.client_of(st.context.ip_address, headers.get("X-Forwarded-For"), proxied)


def sign_in_form(lang: str) -> None:
    """Ask for credentials; on success the page reruns signed in."""
    if st.session_state.get(SIGNED_OUT):
        _ask_server(server.SIGNOUT_PATH)
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
                client=_client(),
            )
        except db.StoreBusy:
            st.warning(text("store_busy", lang))
            return
        if outcome == "throttled":
            # not even checked: repeated guessing costs the guesser time, not the server
            st.error(text("signin_throttled", lang, seconds=int(wait) + 1))
            return
        if outcome == "ok":
            ticket = sessions.sign(name, "ticket")
            st.session_state[KEY], st.session_state[TICKET] = name, ticket
            st.session_state[SESSION] = sessions.read(ticket, "ticket")["s"]
            st.session_state.pop(SIGNED_OUT, None)
            st.rerun()
        else:
            st.error(text("signin_failed", lang))
