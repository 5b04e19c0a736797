"""One write to the store from a page: when the store cannot take it (busy,
unreachable, read-only) the page says so in Chinese instead of showing a traceback.
Used by every staff section (``staff``, ``collect_views``)."""

from contextlib import contextmanager

import streamlit as st

from cppcc import markup
from cppcc.store import db
from cppcc.web.ui import t


class Written:
    """True once the write in a :func:`writing` block went through."""

    done = False

    def __bool__(self) -> bool:
        return self.done


@contextmanager
def writing():
    """``with writing() as written:`` around a write; ``written`` is falsy when the
    store refused it (and the page has said why)."""
    written = Written()
    try:
        yield written
    except db.StoreBusy:
        st.error(t("store_busy_write"))
    except db.StoreUnavailable:
        st.error(t("store_unavailable_write"))
    except db.StoreReadOnly as error:
        st.error(markup.md(error))
    else:
        written.done = True


def stored(action, *args, **kwargs) -> tuple[bool, object]:
    """Run a write: (True, its result), or (False, None) when the store cannot take it."""
    result = None
    with writing() as written:
        result = action(*args, **kwargs)
    return bool(written), result
