"""A staff member, in a real browser: signs in, uploads a file, previews, applies,
and sees the new figure on the overview chart; a bad file is refused row by row."""

import re
import shutil

import pytest
from playwright.sync_api import expect

from cppcc.upload import accounts
from tests.browser.conftest import screenshot, start_app
from tests.browser.test_english_browser import HAN
from tests.browser.test_pages import TABLE, open_page

pytestmark = pytest.mark.browser

GOOD = (
    "委员会,指标,起始年份,截止年份,数值,限定,来源,原文摘录,备注\n"
    "吴忠市,收到提案,2025年,,３１５,,吴忠市政协2025年工作报告,收到提案315件,\n"
    "吴忠,立案（合并交办）提案,2025,,200余,,吴忠市政协2025年工作报告,,\n"
)
BAD = (
    "委员会,指标,起始年份,截止年份,数值,限定,来源,原文摘录,备注\n"
    "吴忠市,收到提案,2024,,abc,,报告,,\n"
    "\n"
    "灵州,收到提案,2024,,12,,,,\n"
)


@pytest.fixture
def staff_app(built_store, tmp_path, monkeypatch):
    users = tmp_path / "users.json"
    accounts.add_user("张三", "correct-horse-9", users, role="admin")  # the catalogue is theirs
    monkeypatch.setenv("CPPCC_USERS", str(users))
    db_path = tmp_path / "ningxia.duckdb"
    shutil.copy(built_store, db_path)
    process, url = start_app(db_path, tmp_path / "streamlit.log")
    yield url
    process.kill()


def sign_in(page, url):
    open_page(page, f"{url}/upload")
    page.get_by_label("用户名").fill("张三")
    page.get_by_label("密码").fill("correct-horse-9")
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector("text=已登录：张三", timeout=30_000)


def upload(page, tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    page.locator('input[type="file"]').set_input_files(str(path))


def test_upload_preview_apply_and_see_the_chart_change(browser, staff_app, tmp_path):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in(page, staff_app)
    upload(page, tmp_path, "吴忠2024.csv", GOOD)
    apply = page.get_by_role("button", name="确认写入（2 个数字）")
    apply.wait_for(timeout=30_000)  # the last thing the preview draws
    # the three counts, read from the metric tiles as they finish drawing (their text is
    # not in the body's innerText in every Chromium)
    expect(page.get_by_test_id("stMetric")).to_have_text(["新增2", "修改0", "不变0"])
    screenshot(page, "upload_preview")
    apply.click()
    page.wait_for_selector("text=已写入批次 1", timeout=30_000)

    page.get_by_role("link", name="总览").click()
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    page.wait_for_timeout(800)
    # 吴忠's new figure is its latest year: the headline names it, committee and year
    page.wait_for_function(
        "() => document.body.innerText.includes('吴忠 2025：315件')", timeout=30_000
    )
    screenshot(page, "upload_overview_after")
    page.close()


def test_bad_file_is_refused_row_by_row(browser, staff_app, tmp_path):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in(page, staff_app)
    upload(page, tmp_path, "错误.csv", BAD)
    page.wait_for_selector("text=没有写入任何数据", timeout=30_000)
    page.wait_for_selector(TABLE, timeout=30_000)
    body = page.inner_text("body")
    assert "不是数字" in body  # row 2's value
    assert "找不到委员会" in body and "缺少来源" in body  # row 4, blank row 3 counted
    assert page.get_by_role("button", name="确认写入").count() == 0
    screenshot(page, "upload_bad_file")
    page.close()


def test_a_long_file_is_previewed_with_its_whole_counts_and_its_first_rows(
    browser, staff_app, tmp_path
):
    """A file longer than the preview lists: the counts are the whole file's, the tables
    list the first 1,000 rows and say so, and the apply writes every row."""
    from cppcc.web.staff import PREVIEW_ROWS

    count = PREVIEW_ROWS + 500
    rows = "".join(f"吴忠,收到提案,1990,,{i},,报告{i},,\n" for i in range(1, count + 1))
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in(page, staff_app)
    upload(page, tmp_path, "长文件.csv", GOOD.splitlines(keepends=True)[0] + rows)
    apply = page.get_by_role("button", name=f"确认写入（{count:,} 个数字）")
    apply.wait_for(timeout=60_000)
    expect(page.get_by_test_id("stMetric")).to_have_text([f"新增{count:,}", "修改0", "不变0"])
    expect(page.get_by_text(f"这里列出前 {PREVIEW_ROWS:,} 行（共 {count:,} 行）")).to_be_visible()
    screenshot(page, "upload_preview_long_file")
    apply.click()
    page.wait_for_selector(f"text=新增 {count:,} 个", timeout=60_000)
    page.close()


UNKNOWN = "绛县政协2019年工作综述\n\n绛县政协全年共收到提案134件，经审查立案129件。\n"


def extract_text(page, text, year):
    page.get_by_text("从报告文本提取").click()
    page.get_by_label("或粘贴报告全文").fill(text)
    year_box = page.get_by_label("报告发表年份（用于判断“今年”“去年”“五年来”）")
    year_box.fill(str(year))
    year_box.press("Enter")
    page.get_by_role("button", name="提取数字").click()


def test_extraction_with_a_committee_outside_the_catalogue(browser, staff_app, tmp_path):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in(page, staff_app)
    extract_text(page, UNKNOWN, 2020)
    page.wait_for_selector("text=“绛县政协”不在目录中", timeout=30_000)
    page.wait_for_selector("text=找到 2 个候选数字", timeout=30_000)
    screenshot(page, "extract_unknown_committee")

    # file its figures under a catalogue committee: the preview then finds it
    page.get_by_label("或把“绛县政协”的数字记到目录中的委员会：").click()
    page.keyboard.type("吴忠")
    page.keyboard.press("Enter")
    page.get_by_label("来源（报告标题和年份，必填）").fill("绛县政协2019年工作综述")
    page.get_by_label("来源（报告标题和年份，必填）").press("Enter")
    page.get_by_role("button", name="预览这些数字").click()
    page.get_by_role("button", name="确认写入（2 个数字）").wait_for(timeout=30_000)
    assert "找不到委员会" not in page.inner_text("body")

    # or add it to the catalogue: the form opens with its name filled in
    page.get_by_role("button", name="添加委员会“绛县政协”到目录").click()
    full_name = page.get_by_placeholder("西吉县政协")
    full_name.wait_for(timeout=30_000)
    assert full_name.input_value() == "绛县政协"
    screenshot(page, "extract_add_committee")
    page.close()


def test_extraction_says_when_no_committee_is_named(browser, staff_app):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in(page, staff_app)
    extract_text(page, "今年共收到提案134件，经审查立案129件。", 2020)
    page.wait_for_selector("text=没有找到委员会", timeout=30_000)
    page.close()


# the overview opens on the cities' 2023 reception rooms, where 吴忠 is 未报告: a bar now
CHANGES_THE_CHART = (
    "委员会,指标,起始年份,截止年份,数值,限定,来源,原文摘录,备注\n"
    "吴忠,委员会客室,2023,,12,,吴忠市政协2023年工作报告,建成委员会客室12个,\n"
    "吴忠,收到提案,2025,,315,,吴忠市政协2025年工作报告,收到提案315件,\n"
)

# every chart on the page as plotly holds it: each trace's bars or points and labels
CHART_DATA = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(
    plot => (plot.data || []).map(t => [t.name || '', t.x, t.y, t.text || null]))"""


def overview_charts(page, url) -> list:
    page.get_by_role("link", name="总览").click()
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    page.wait_for_function("() => document.body.innerText.includes('数据完整度')", timeout=30_000)
    page.wait_for_timeout(800)
    return page.evaluate(CHART_DATA)


def test_upload_then_undo_shows_the_charts_of_before(browser, staff_app, tmp_path):
    """The undo that broke every page: after it the overview draws, with the figures it
    drew before the upload; the history says at once that the batch is undone."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in(page, staff_app)
    before = overview_charts(page, staff_app)
    assert before and before[0]

    page.get_by_role("link", name="数据上传").click()
    upload(page, tmp_path, "银川吴忠.csv", CHANGES_THE_CHART)
    page.get_by_role("button", name="确认写入（2 个数字）").click()
    page.wait_for_selector("text=已写入批次 1", timeout=30_000)
    # the page is drawn again: the file's figures are in the store now, nothing to apply;
    # the file still in the box is not checked again (that cost the server a second
    # preview of up to 100,000 rows): the page says it was written and how to redo it
    page.wait_for_selector("text=没有需要写入的变化", timeout=30_000)
    body = page.inner_text("body")
    assert "这个文件已写入（批次 1）" in body and "移除" in body
    assert "不变的数字" not in body  # no preview of the file again
    assert page.get_by_role("button", name="确认写入").count() == 0
    uploaded = overview_charts(page, staff_app)
    assert uploaded != before  # 吴忠's bar is drawn now

    page.get_by_role("link", name="数据上传").click()
    page.get_by_text("历史与撤销").click()
    page.get_by_text("我确认撤销批次 1").click()
    page.get_by_role("button", name="撤销批次 1").click()
    page.wait_for_selector("text=已撤销批次 1（记录为批次 2）", timeout=30_000)
    # drawn again at once: batch 1 is undone, so there is nothing left to undo
    expect(page.get_by_role("button", name="撤销批次 1")).to_have_count(0)
    screenshot(page, "undo_history_after")

    after = overview_charts(page, staff_app)
    assert "Traceback" not in page.inner_text("body")
    assert after == before
    screenshot(page, "undo_overview_after")
    page.close()


# What a reader sees in a file box: the text of every shown element and of its CSS
# ::before/::after content, skipping what is hidden from sight (display, visibility,
# zero-size text, screen-reader-only boxes of 1 px) and the icons' ligature names
# (aria-hidden).
SHOWN_TEXT = """(box) => {
  const parts = [];
  const pseudo = (el, which) => {
    const style = getComputedStyle(el, which);
    const content = style.content;
    if (!content || content === 'none' || content === 'normal') return;
    if (style.visibility !== 'visible' || parseFloat(style.fontSize) === 0) return;
    parts.push(JSON.parse(content));
  };
  const walk = (el) => {
    const style = getComputedStyle(el);
    if (style.display === 'none' || el.getAttribute('aria-hidden') === 'true') return;
    const rect = el.getBoundingClientRect();
    if (style.position === 'absolute' && (rect.width <= 1 || rect.height <= 1)) return;
    pseudo(el, '::before');
    const seen = style.visibility === 'visible' && parseFloat(style.fontSize) > 0;
    for (const child of el.childNodes) {
      if (child.nodeType === 3 && seen && child.textContent.trim()) parts.push(child.textContent.trim());
      if (child.nodeType === 1) walk(child);
    }
    pseudo(el, '::after');
  };
  walk(box);
  return parts.join(' | ');
}"""
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def box_text(page, key):
    return page.locator(f".st-key-{key} [data-testid=stFileUploader]").evaluate(SHOWN_TEXT)


def test_the_file_boxes_read_in_the_page_language(browser, staff_app, tmp_path):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in(page, staff_app)
    box = page.locator(".st-key-upload_file")
    expect(box.get_by_role("button", name="选择文件")).to_be_visible(timeout=30_000)
    shown = box_text(page, "upload_file")
    assert "单个文件不超过 5 MB · XLSX、CSV" in shown, shown
    # nothing of Streamlit's English is left but the file kinds
    assert set(LATIN_WORD.findall(shown)) <= {"XLSX", "CSV"}, shown
    assert "“选择文件”" in page.inner_text("body")  # the help above names the button
    upload(page, tmp_path, "说明.txt", "不是表格")
    # the refused file's chip (Streamlit refuses it in the browser: nothing is sent)
    expect(box.locator('[data-testid="stFileChip"][aria-invalid="true"]')).to_be_visible(
        timeout=30_000
    )
    shown = box_text(page, "upload_file")
    assert "未接收：只能上传 XLSX、CSV 文件，且不超过 5 MB" in shown, shown
    assert set(LATIN_WORD.findall(shown)) <= {"XLSX", "CSV", "txt"}, shown
    box.locator('[data-testid="stFileChip"]').hover()  # the reason, on a laptop
    tip = page.get_by_test_id("stTooltipErrorContent")
    expect(tip).to_be_visible(timeout=10_000)
    said = tip.evaluate("e => getComputedStyle(e, '::after').content")
    assert "未接收" in said and tip.evaluate("e => getComputedStyle(e).fontSize") == "0px"
    screenshot(page, "upload_box_zh")

    page.get_by_text("从报告文本提取").click()
    expect(
        page.locator(".st-key-extract_file").get_by_role("button", name="选择文件")
    ).to_be_visible(timeout=30_000)
    shown = box_text(page, "extract_file")
    assert "单个文件不超过 5 MB · TXT、DOCX" in shown and "DOCX" in shown, shown
    assert set(LATIN_WORD.findall(shown)) <= {"TXT", "DOCX"}, shown

    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    english = page.locator(".st-key-extract_file")
    expect(english.get_by_role("button", name="Choose file")).to_be_visible(timeout=60_000)
    shown = box_text(page, "extract_file")
    assert "Up to 5 MB per file · TXT, DOCX" in shown, shown
    assert not HAN.search(shown), shown
    # and the pickers above it, the one with nothing chosen included
    boxes = page.locator('[data-testid="stSelectbox"]')
    expect(boxes.first.get_by_role("combobox")).to_have_value("From the text's headings")
    for picker in boxes.all():
        said = picker.locator("label").inner_text() + picker.get_by_role("combobox").input_value()
        assert not HAN.search(said), said
    screenshot(page, "upload_box_en")
    page.set_viewport_size({"width": 390, "height": 844})
    english.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    screenshot(page, "upload_box_en_phone")
    page.close()
