"""Input the reader cannot use: a stable code and a sentence in Chinese and English."""

from __future__ import annotations


class ScanError(Exception):
    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.code, self.zh, self.en = code, zh, en
