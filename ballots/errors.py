"""The one error type of the printed world: a stable code, a Chinese and an English sentence."""

from __future__ import annotations


class DocumentError(ValueError):
    """Input that cannot be printed correctly (no usable font, a glyph the font lacks, a bad round).

    Codes are stable: `font_missing`, `glyph_missing`, `unknown_round`, `no_next_round`,
    `invalid_result`, `invalid_copies`, `ballot_too_large`, `outcome_incomplete`.
    """

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(f"{zh}\n{en}")
        self.code = code
        self.zh = zh
        self.en = en
