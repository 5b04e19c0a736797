"""Why the extractor left a number: a code and its values, said in either language.

A :class:`Reason` is a ``str`` holding the Chinese text (what ``extract --all`` prints
and the evaluation reads), and keeps its code and values so that the page can say it
in the reader's language (``said``); the texts are in the i18n table as
``extract_left_<code>``."""

from cppcc import i18n


class Reason(str):
    code: str
    values: dict

    def __new__(cls, code: str, **values) -> "Reason":
        said = super().__new__(cls, i18n.text(f"extract_left_{code}", "zh", **values))
        said.code, said.values = code, values
        return said

    def said(self, lang: str) -> str:
        return i18n.text(f"extract_left_{self.code}", lang, **self.values)

    def __reduce__(self):  # copied (dataclasses.asdict) or pickled as code and values
        return _remade, (self.code, self.values)


def _remade(code: str, values: dict) -> Reason:
    return Reason(code, **values)


CODES = (
    "metric", "name", "goal", "period", "committee", "planning", "others", "article",
    "repeated", "respectively", "cumulative", "subject",
)  # fmt: skip

# the reasons without values, by code (``period`` and ``subject`` are made with theirs)
LEFT = {code: Reason(code) for code in CODES if code not in ("period", "subject")}


def said(reason: str, lang: str) -> str:
    """``reason`` in ``lang``; a plain string (from an older run) as it is."""
    return reason.said(lang) if isinstance(reason, Reason) else reason
