"""Stored text made safe for the places that read it as markup.

Names, units, source titles and quotes come from uploads and the catalogue forms, so
any of them may hold ``<img src=x onerror=…>``, a ``javascript:`` link or markdown.
Every place that puts stored text into HTML (the map's deck.gl tooltip, the map
legend) goes through ``html``; every Streamlit element that renders its text as
markdown (``st.metric`` labels and help, captions, messages, checkbox labels) goes
through ``md``; every string drawn by plotly (titles, subtitles, axis categories,
legend names, hover text, annotations, footnotes) goes through ``plotly``: plotly reads
its own subset of HTML there (``<b>``, ``<i>``, ``<a href>``, ``<br>``, ``<span
style>``…). A link is only made to an http(s) address (``url``).
"""

import html as _html
import re

# CommonMark's escapable punctuation, plus $ (Streamlit renders $…$ as LaTeX) and ~
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&=\"'])")


def html(value) -> str:
    """Text for an HTML context: ``<``, ``>``, ``&`` and quotes as entities."""
    return _html.escape("" if value is None else str(value), quote=True)


def plotly(value) -> str:
    """Text for a string plotly draws: its HTML subset shown literally (plotly turns
    the entities back into the characters). ``%{…}`` is not a concern here: stored text
    never goes into a hovertemplate, only into the data it refers to."""
    return _html.escape("" if value is None else str(value), quote=False)


def md(value) -> str:
    """Text for a markdown context: shown literally, never a link, image or tag."""
    text = "" if value is None else str(value)
    return _MARKDOWN.sub(r"\\\1", text).replace("\n", " ")


def url(value) -> str | None:
    """The address if it is an http(s) URL, else None (no javascript:, data:, file:)."""
    text = ("" if value is None else str(value)).strip()
    return text if re.match(r"https?://[^\s<>\"']+$", text, re.IGNORECASE) else None
