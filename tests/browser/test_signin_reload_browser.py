"""A staff member with a local account, in a real browser: stays signed in across a
reload, is signed out for good by 退出登录 (a kept copy of the cookie no longer works),
and a tampered cookie signs nobody in."""

import pytest

from cppcc.upload import sessions
from tests.browser.conftest import screenshot
from tests.browser.test_pages import open_page
from tests.browser.test_upload_browser import sign_in, staff_app  # noqa: F401

pytestmark = pytest.mark.browser


def _session_cookie(context) -> dict | None:
    found = [c for c in context.cookies() if c["name"] == sessions.COOKIE]
    return found[0] if found else None


def _wait_for_cookie(page, context) -> dict:
    for _ in range(50):
        if cookie := _session_cookie(context):
            return cookie
        page.wait_for_timeout(200)
    raise AssertionError("the session cookie was never set")


def _signed_out(page, url) -> None:
    open_page(page, f"{url}/upload")
    page.get_by_label("密码").wait_for(timeout=30_000)
    assert "已登录" not in page.inner_text("body")


def test_reload_keeps_staff_signed_in_and_sign_out_ends_it(browser, staff_app):  # noqa: F811
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    sign_in(page, staff_app)
    cookie = _wait_for_cookie(page, context)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"

    page.reload()
    page.wait_for_selector("text=已登录：张三", timeout=30_000)
    screenshot(page, "signin_after_reload")

    page.get_by_role("button", name="退出登录").click()
    page.get_by_label("密码").wait_for(timeout=30_000)
    for _ in range(50):  # the server clears the cookie
        if _session_cookie(context) is None:
            break
        page.wait_for_timeout(200)
    assert _session_cookie(context) is None
    _signed_out(page, staff_app)

    # a copy kept from before the sign-out is refused: the session was ended
    context.add_cookies([cookie])
    _signed_out(page, staff_app)
    context.close()


def test_a_tampered_cookie_signs_nobody_in(browser, staff_app):  # noqa: F811
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    sign_in(page, staff_app)
    cookie = _wait_for_cookie(page, context)
    context.close()  # one page at a time: a page behind another is not drawn
    body, mac = cookie["value"].rsplit(".", 1)
    other = sessions.sign("李四", "session", key=b"x" * 32).rsplit(".", 1)[0]
    for value in (f"{other}.{mac}", f"{body}.{'0' * len(mac)}"):
        fresh = browser.new_context()
        fresh.add_cookies([{**cookie, "value": value}])
        _signed_out(fresh.new_page(), staff_app)
        fresh.close()
    # the intact cookie in a new browser session does sign in: the refusals above are
    # about the tampering
    fresh = browser.new_context()
    fresh.add_cookies([cookie])
    page = fresh.new_page()
    open_page(page, f"{staff_app}/upload")
    page.wait_for_selector("text=已登录：张三", timeout=30_000)
    fresh.close()
