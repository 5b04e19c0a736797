"""Why a number was left reads in the page's language: every reason the extractor
gives has an English text, which quotes the report's Chinese words and no more."""

import copy
import re

from cppcc.extract import extractor, reasons
from cppcc.extract.reasons import Reason
from cppcc.store import curated
from cppcc.store.config import CURATED_DIR

HAN = re.compile(r"[\u3400-\u9fff]")
QUOTED = re.compile(r"“[^”]*”")

TEXT = (
    "吴忠市政协2023年工作综述\n\n"
    "一年来，共收到提案120件。力争明年收到提案不少于150件。"
    "全国政协委员在本县调研3次。\n"
)


def test_every_reason_reads_in_both_languages():
    for code in reasons.CODES:
        reason = Reason(code, words="近年来", name="银川市政协")
        english = reason.said("en")
        assert HAN.search(str(reason)) and english != str(reason)
        # the report's own words in quotation marks (and the values) are all the Chinese
        rest = QUOTED.sub("", english).replace("银川市政协", "")
        assert not HAN.search(rest), (code, english)


def test_a_reason_survives_a_copy_and_still_reads_in_english():
    reason = Reason("period", words="近年来")
    assert copy.deepcopy(reason).said("en") == "No usable period (“近年来”)"
    assert str(copy.deepcopy(reason)) == "没有可用的期间（“近年来”）"


def test_the_numbers_left_in_a_report_carry_their_reason_for_the_english_page():
    data = curated.load(CURATED_DIR)
    found = extractor.read_figures(
        TEXT, year=2023, committee="吴忠", committees=data.committees, metrics=data.metrics
    )
    left = [n.left for n in found.numbers if n.left]
    assert left and all(isinstance(why, Reason) for why in left)
    assert all(not HAN.search(QUOTED.sub("", reasons.said(why, "en"))) for why in left)
