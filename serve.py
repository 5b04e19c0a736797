"""The web server: ``streamlit run serve.py`` serves ``app.py`` as Streamlit does, and
tells each page where the server's root is and keeps staff signed in across a reload
(see ``cppcc.web.server``)."""

import streamlit as st
from starlette.middleware import Middleware

from cppcc.web.server import BaseUrlScript, SessionCookie

app = st.App(
    "app.py",
    middleware=[
        Middleware(SessionCookie),
        Middleware(BaseUrlScript, base_path=st.get_option("server.baseUrlPath") or ""),
    ],
)
