"""Errors of the name order: a stable code, a Chinese and an English sentence (RULES.md §7.7)."""

from __future__ import annotations


class StrokeError(ValueError):
    """A name that cannot be put in 姓氏笔画 order. Codes are stable (see the subclasses)."""

    code = "stroke_error"

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh}\n{en}")
        self.zh = zh
        self.en = en


class UnknownCharacter(StrokeError):
    """A Han character the stroke table does not know: never guessed (RULES.md §7.7).

    The operator supplies its strokes in the election's override table
    (``overrides={"𬱖": "1213545"}``), which the audit records.
    """

    code = "unknown_character"

    def __init__(self, char: str, name: str, note_zh: str = "", note_en: str = "") -> None:
        self.char = char
        self.codepoint = f"U+{ord(char):04X}"
        self.name = name
        zh = (
            f"姓名“{name}”中的“{char}”（{self.codepoint}）不在笔画数据中，无法按姓氏笔画排序。"
            f"请在本次选举的笔画补录表中录入该字的笔顺（横1 竖2 撇3 点4 折5），"
            f"例如 {char}=12345。{note_zh}"
        )
        en = (
            f"Character {char!r} ({self.codepoint}) in the name {name!r} is not in the stroke "
            f"table; add its stroke sequence (digits 1-5) to the election's override table."
            f"{(' ' + note_en) if note_en else ''}"
        )
        super().__init__(zh, en)


class NonHanCharacter(UnknownCharacter):
    """A Latin letter, digit or other non-Han character inside a name: names are ordered as
    Han characters only, and no override can give such a character strokes. A subclass of
    UnknownCharacter so that callers handling unknown characters handle this too."""

    code = "non_han_character"

    def __init__(self, char: str, name: str) -> None:
        self.char = char
        self.codepoint = f"U+{ord(char):04X}"
        self.name = name
        StrokeError.__init__(
            self,
            f"姓名“{name}”含有非汉字字符“{char}”（{self.codepoint}），无法按姓氏笔画排序；"
            f"请按证件写法录入汉字姓名（少数民族姓名的间隔号“·”可以保留）。",
            f"the name {name!r} holds {char!r} ({self.codepoint}), which is not a Han "
            f"character; enter the name in Han characters as on the ID card",
        )


class InvalidName(StrokeError):
    """A name that is empty or does not start with its given surname.

    ``reason`` is ``empty`` or ``surname_mismatch``.
    """

    code = "invalid_name"

    def __init__(self, reason: str, name: str, zh: str, en: str) -> None:
        self.reason = reason
        self.name = name
        super().__init__(zh, en)


class InvalidOverride(StrokeError):
    """An override entry that is not one Han character mapped to digits 1–5."""

    code = "invalid_override"

    def __init__(self, char: str, sequence: object) -> None:
        self.char = char
        self.sequence = sequence
        super().__init__(
            f"笔画补录表中“{char}”的笔顺“{sequence}”无效：须为单个汉字对应由 1–5 组成的笔顺"
            f"（横1 竖2 撇3 点4 折5）。",
            f"override {char!r}: {sequence!r} is not one Han character mapped to digits 1-5",
        )
