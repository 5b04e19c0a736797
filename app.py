"""宁夏政协履职数据看板: the router and the shared chrome (language switch, legend note)."""

import streamlit as st

from cppcc import i18n, markup
from cppcc.store import db
from cppcc.store.config import ROOT
from cppcc.upload.accounts import AccountsCorrupt
from cppcc.web.errors import log_error
from cppcc.web.ui import (
    language_from_url,
    language_to_url,
    page_chrome,
    print_footer,
    relabel_choices_after_switch,
    scope_picker,
    warm_exports,
)

st.set_page_config(
    page_title=i18n.text("app_title"),
    # a local icon: a Material icon here would make the browser fetch a favicon online
    page_icon=str(ROOT / "assets" / "icon.png"),
    layout="wide",
)
# ?lang=en in a link opened: before anything is drawn in a language
bad_language = language_from_url()
st.session_state.setdefault("lang", "zh")
lang = st.session_state["lang"]
relabel_choices_after_switch()

pages = [
    st.Page("pages/overview.py", title=i18n.text("page_overview", lang), default=True),
    st.Page("pages/map.py", title=i18n.text("page_map", lang)),
    st.Page("pages/yoy.py", title=i18n.text("page_yoy", lang)),
    st.Page("pages/proposals.py", title=i18n.text("page_proposals", lang)),
    st.Page("pages/sources.py", title=i18n.text("page_sources", lang)),
    st.Page("pages/committee.py", title=i18n.text("page_committee", lang), url_path="committee"),
]
staff = [st.Page("pages/upload.py", title=i18n.text("page_upload", lang))]
navigation = st.navigation(
    {i18n.text("section_browse", lang): pages, i18n.text("section_staff", lang): staff}
)

with st.sidebar:
    st.markdown(f"**{i18n.text('app_title', lang)}**")
    st.segmented_control(
        i18n.text("language", lang),
        ["zh", "en"],
        format_func={"zh": "中文", "en": "English"}.get,
        key="lang",
        required=True,
    )
    st.caption(i18n.text("sidebar_note", lang))

page_chrome()
language_to_url()
if bad_language:
    st.caption(bad_language)
try:
    with st.sidebar:
        scope_picker()
    navigation.run()
    print_footer()
except db.StoreBusy:
    st.warning(i18n.text("store_busy", lang))
except db.StoreUnavailable:
    # the next rerun tries again: the page recovers once the database is back
    st.error(i18n.text("store_unavailable", lang))
except (db.StoreMissing, db.StoreCorrupt, db.StoreReadOnly, AccountsCorrupt) as fault:
    # what is wrong and how to recover, never a traceback; the next rerun tries again
    st.error(i18n.text("store_fault", lang, what=markup.md(fault)))
except Exception:
    st.error(i18n.text("page_error", lang, error_id=log_error()))
# after the page: start the PNG renderer in the background, once per server process
warm_exports()
