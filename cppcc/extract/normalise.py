"""Text as the rules read it, with the way back to the text as written.

Reports reach us in simplified or traditional characters (mirrors and big5 gateways
serve 協商活動), with ASCII punctuation where the page had full-width, full-width
digits, and broken conversions that leave pinyin behind (協(xié)). The rules are written
once, for simplified characters and Chinese punctuation; ``normalise`` brings a text
to that form and keeps, for every character, where it stood in the original, so that
a quote can be cut from the text as written.
"""

import re
from dataclasses import dataclass
from functools import cache

from opencc_purepy import OpenCC

from cppcc.extract.numbers import normalise as ascii_digits

# ASCII punctuation as the Chinese the rules expect; a comma or colon between digits
# stays (1,075 件; 12:17).
PUNCTUATION = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}
_PUNCTUATION = re.compile(r"(?<!\d)[,:]|[,:](?!\d)|[;()?!]")
# A broken traditional conversion leaves the reading in brackets: 政協(xié), 報(bào).
PINYIN_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")


@cache
def _converter() -> OpenCC:
    # loading its dictionaries takes a second: only when a text is read, not whenever
    # this module is imported (every CLI command imports it, an upload never uses it)
    return OpenCC("t2s")


@dataclass(frozen=True)
class Normalised:
    text: str
    origin: tuple[int, ...]  # for each character of text, and its end: where it was written

    def written_span(self, start: int, end: int) -> tuple[int, int]:
        """Where text[start:end] stands in the original."""
        return self.origin[start], self.origin[end]


@cache
def _simplified_char(char: str) -> str:
    converted = _converter().convert(char)
    return converted if len(converted) == 1 else char


def simplified(text: str) -> str:
    """Traditional characters as simplified ones, one for one (positions are kept)."""
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_simplified_char(char) for char in text)  # a phrase changed length


def same_length(text: str) -> str:
    """Simplified characters, ASCII digits and Chinese punctuation; positions are kept."""
    text = _PUNCTUATION.sub(lambda m: PUNCTUATION[m[0]], ascii_digits(text))
    return simplified(text)


def normalise(written: str) -> Normalised:
    """The text the rules read, and where each of its characters was written."""
    kept, origin, position = [], [], 0
    for gloss in PINYIN_GLOSS.finditer(written):
        kept.append(written[position : gloss.start()])
        origin.extend(range(position, gloss.start()))
        position = gloss.end()
    kept.append(written[position:])
    origin.extend(range(position, len(written)))
    origin.append(len(written))
    return Normalised(same_length("".join(kept)), tuple(origin))


def normalise_text(text: str) -> str:
    """The whole text normalised, for reading titles and years (no way back needed)."""
    return same_length(PINYIN_GLOSS.sub("", text))
