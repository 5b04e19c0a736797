"""The file box's own text is ours (cppcc.web.uploader): the stylesheet that swaps
Streamlit's English for the i18n texts must carry any text as a CSS string, whole."""

import re

from cppcc.web.uploader import box_css, css_string

HEX = re.compile(r"\\([0-9a-f]{6})")


def read_back(literal: str) -> str:
    assert literal.startswith('"') and literal.endswith('"')
    return HEX.sub(lambda m: chr(int(m.group(1), 16)), literal[1:-1])


def test_any_text_survives_as_a_css_string():
    for text in [
        "选择文件",
        'a "quoted" \\ back',
        "</style><b>x</b>",
        "两行\n文字",
        "5 MB · XLSX、CSV",
    ]:
        literal = css_string(text)
        assert read_back(literal) == text
        # nothing inside can end the string, the rule or the style element
        assert not re.search(r'["<>{}\n]', literal[1:-1]), literal


def test_every_text_is_scoped_to_its_box():
    css = box_css("upload_file", "选择文件", "单个文件不超过 5 MB", "未接收")
    rules = [line for line in css.splitlines() if line.strip()]
    assert all(".st-key-upload_file" in rule for rule in rules)
    for text in ["选择文件", "单个文件不超过 5 MB", "未接收"]:
        assert css_string(text) in css
