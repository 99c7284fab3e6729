"""Finding and registering an embeddable CJK TrueType font.

reportlab embeds TrueType outlines only: OpenType/CFF fonts such as Noto Sans CJK cannot be
used. Lookup order: an explicit path, then the `JIPIAO_FONT` environment variable, then the
Debian font paths below. A `.ttc` collection is read at face 0 (or `path#N` for face N).
Every string is checked against the font's character map before it is drawn: a name with a
character the font lacks fails loudly instead of printing an empty box.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ballots.errors import DocumentError

FONT_ENV = "JIPIAO_FONT"

# Debian/Ubuntu packages with TrueType (glyf) outlines, best first.
KNOWN_FONT_PATHS: tuple[str, ...] = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # fonts-wqy-microhei
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",  # fonts-wqy-zenhei
    "/usr/share/fonts/truetype/arphic/uming.ttc",  # fonts-arphic-uming
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",  # fonts-droid-fallback
)

INSTALL_HINT_ZH = (
    "请安装可嵌入的中文 TrueType 字体：sudo apt-get install fonts-wqy-microhei，"
    f"或设置环境变量 {FONT_ENV} 指向 .ttf/.ttc 字体文件"
    "（Noto CJK 等 OpenType/CFF 字体无法嵌入）。"
)
INSTALL_HINT_EN = (
    "Install an embeddable CJK TrueType font: sudo apt-get install fonts-wqy-microhei, "
    f"or set {FONT_ENV} to a .ttf/.ttc file (OpenType/CFF fonts such as Noto CJK cannot be "
    "embedded)."
)


@dataclass(frozen=True, slots=True)
class Font:
    """A registered font: its reportlab name and the characters it can draw."""

    name: str
    path: str
    charmap: frozenset[int]

    def missing(self, text: str) -> str:
        """The distinct characters of `text` this font has no glyph for (whitespace aside)."""
        seen: dict[str, None] = {}
        for ch in text:
            if not ch.isspace() and ord(ch) not in self.charmap:
                seen[ch] = None
        return "".join(seen)

    def require(self, texts: Iterable[str]) -> None:
        """Refuse to print when any text has a character this font cannot draw."""
        missing = "".join(dict.fromkeys(ch for t in texts for ch in self.missing(t)))
        if missing:
            raise DocumentError(
                "glyph_missing",
                f"字体 {os.path.basename(self.path)} 缺少这些字的字形：{missing}。"
                f"请换用包含这些字的 TrueType 字体（设置 {FONT_ENV}）。",
                f"the font {os.path.basename(self.path)} has no glyph for {missing!r}; "
                f"use a TrueType font that has them (set {FONT_ENV}).",
            )


def find_font_path(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The font file to use (maybe with `#N` for a collection face); `font_missing` if none."""
    env = os.environ if environ is None else environ
    for candidate, source in ((explicit, "setting"), (env.get(FONT_ENV), FONT_ENV)):
        if candidate:
            if not os.path.isfile(candidate.split("#", 1)[0]):
                raise DocumentError(
                    "font_missing",
                    f"字体文件不存在：{candidate}（来自 {source}）。{INSTALL_HINT_ZH}",
                    f"font file not found: {candidate} (from {source}). {INSTALL_HINT_EN}",
                )
            return candidate
    for path in KNOWN_FONT_PATHS:
        if os.path.isfile(path):
            return path
    raise DocumentError(
        "font_missing",
        f"找不到可嵌入的中文字体。{INSTALL_HINT_ZH}",
        f"no embeddable CJK font found. {INSTALL_HINT_EN}",
    )


@lru_cache(maxsize=8)
def load_font(path: str) -> Font:
    """Register the TrueType font at `path` (`file.ttc#N` picks face N) with reportlab."""
    file, _, index = path.partition("#")
    face = int(index) if index.isdigit() else 0
    name = "JipiaoCJK-" + hashlib.sha256(path.encode()).hexdigest()[:8]
    try:
        font = TTFont(name, file, subfontIndex=face)
    except (TTFError, OSError, ValueError) as exc:
        raise DocumentError(
            "font_missing",
            f"字体 {path} 无法嵌入（{exc}）。{INSTALL_HINT_ZH}",
            f"the font {path} cannot be embedded ({exc}). {INSTALL_HINT_EN}",
        ) from exc
    pdfmetrics.registerFont(font)
    return Font(name=name, path=path, charmap=frozenset(font.face.charToGlyph))


def default_font(explicit: str | None = None) -> Font:
    """The font found by `find_font_path`, registered."""
    return load_font(find_font_path(explicit))
