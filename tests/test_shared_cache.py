"""The app's per-process cache (``cppcc.web.cache``): what one session gets is kept for
every session, so nothing one page does to it may show in another's, and a change of
the store must show at once."""

import os

from cppcc.web import cache


def test_a_page_changing_its_query_result_changes_nobody_elses(store):
    first = cache.query("committees")
    names = list(first["name_zh"])
    # what a page might do to its frame: a new column, a changed cell, a sort in place
    first["shown"] = 1
    first.loc[first.index[0], "name_zh"] = "改过的名字"
    first.sort_values("adcode", ascending=False, inplace=True)
    again = cache.query("committees")
    assert list(again["name_zh"]) == names
    assert "shown" not in again.columns


def test_a_changed_store_is_read_again_not_served_from_what_was_kept(store):
    made = []

    def make():
        made.append(len(made))
        return made[-1]

    assert cache.shared("test-value", make) == 0
    assert cache.shared("test-value", make) == 0  # kept: made once
    before = cache.query("committees")
    # a write to the store file (its stamp is the file's time and size)
    stat = os.stat(store)
    os.utime(store, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert cache.shared("test-value", make) == 1
    assert list(cache.query("committees")["adcode"]) == list(before["adcode"])
