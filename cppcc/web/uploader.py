"""Streamlit's file box in the page's language.

``st.file_uploader`` draws its own text in English whatever the page's language: the
button ("Upload"), the limit line ("5MB per file • XLSX, CSV") and its refusals
("Error: text/plain files are not allowed.", "Error: File must be 5.0MB or smaller.",
read to screen readers and shown in a tooltip when the pointer rests on the refused
file). Streamlit has no setting for them, so each box gets a small stylesheet, scoped
to its key, that hides those texts (from sight and from screen readers) and shows ours
from the i18n table instead, and says the refusal under the file as well (a phone has
no pointer to rest). Only CSS: it needs no script and holds however often React
redraws the box."""

import streamlit as st

from cppcc.web.ui import lang, t

# where Streamlit 1.x draws each text inside the box (data-testid attributes are its
# stable hooks; the browser test fails if they move)
_BUTTON = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]'
_LIMIT = '[data-testid="stFileUploaderDropzoneInstructions"] span'
_REFUSED = '[data-testid="stFileChip"] [role="alert"]'
_CHIPS = '[data-testid="stFileChips"]:has([aria-invalid="true"])'
_TOOLTIP = '[data-testid="stTooltipErrorContent"]'


def css_string(text: str) -> str:
    """``text`` as a CSS string literal: quotes, backslashes, line breaks and anything
    that could close the style element are escaped as code points."""
    out = []
    for char in text:
        if char.isalnum() or char in " .,:;·、，：（）()%-–—“”":
            out.append(char)
        else:
            out.append(f"\\{ord(char):06x}")
    return '"' + "".join(out) + '"'


def box_css(key: str, button: str, limit: str, refused: str) -> str:
    """The stylesheet that puts ``button``, ``limit`` and ``refused`` in place of
    Streamlit's English texts in the file box with widget key ``key``."""
    scope = f".st-key-{key}"
    # the tooltip is drawn at the end of the page, outside the box: it is matched
    # while this box holds a refused file
    tooltip = f'body:has({scope} [aria-invalid="true"]) {_TOOLTIP}'
    return "\n".join(
        [
            f"{scope} {_BUTTON} > * {{ display: none; }}",
            f"{scope} {_BUTTON}::after {{ content: {css_string(button)}; }}",
            f"{scope} {_LIMIT}, {scope} {_REFUSED} {{ font-size: 0; visibility: hidden; }}",
            f"{scope} {_LIMIT}::after {{ content: {css_string(limit)}; visibility: visible;"
            " font-size: 0.875rem; }",
            f"{scope} {_REFUSED}::after {{ content: {css_string(refused)}; visibility: visible; }}",
            f"{scope} {_CHIPS}::after {{ content: {css_string(refused)}; display: block;"
            " font-size: 0.875rem; color: #b42318; padding: 0.25rem 0; }",
            f"{tooltip} {{ font-size: 0; }}",
            f"{tooltip}::after {{ content: {css_string(refused)}; font-size: 0.875rem; }}",
        ]
    )


def file_box(label: str, kinds: list[str], key: str):
    """``st.file_uploader`` for ``kinds`` (file extensions) whose own text reads in the
    page's language; the label is collapsed (the page says what to choose above it)."""
    megabytes = st.get_option("server.maxUploadSize")
    listed = ("、" if lang() == "zh" else ", ").join(kind.upper() for kind in kinds)
    css = box_css(
        key,
        t("upload_box_button"),
        t("upload_box_limit", mb=megabytes, kinds=listed),
        t("upload_box_refused", mb=megabytes, kinds=listed),
    )
    st.html(f"<style>{css}</style>")
    return st.file_uploader(label, type=kinds, key=key, label_visibility="collapsed")
