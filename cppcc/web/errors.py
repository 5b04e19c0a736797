"""An unexpected error on a page: the visitor gets a short message and an error id, the
server's log gets the traceback under the same id (``client.showErrorDetails`` is off,
so Streamlit itself shows visitors nothing of it either)."""

import logging
import secrets

log = logging.getLogger("cppcc.web")


def log_error() -> str:
    """Log the exception being handled with a new id, and return the id."""
    error_id = secrets.token_hex(4)
    log.exception("页面出错，错误编号 %s", error_id)
    return error_id
