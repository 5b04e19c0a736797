"""A page that fails unexpectedly shows visitors a short Chinese message with an error
id, never a traceback; the log keeps the details under the same id."""

import logging
import re
import tomllib

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def test_streamlit_shows_no_error_details():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] in ("none", False)


def test_an_unexpected_error_shows_an_id_and_logs_the_details(store, monkeypatch, caplog):
    from cppcc.web import cache

    def broken(*_, **__):
        raise RuntimeError("/secret/server/path went wrong")

    monkeypatch.setattr(cache, "query", broken)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    with caplog.at_level(logging.ERROR, logger="cppcc.web"):
        at.run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    error_id = re.search(r"错误编号 ([0-9a-f]{8})", shown).group(1)
    assert "/secret/server/path" not in shown and "Traceback" not in shown
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert error_id in logged and "/secret/server/path" in caplog.text
