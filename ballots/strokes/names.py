"""Names as the order sees them: separators dropped, surname found (RULES.md §7.5, §7.6)."""

from __future__ import annotations

from ballots.strokes.errors import InvalidName, NonHanCharacter

# RULES.md §7.6 — separators in minority names (艾尔肯·吐尼亚孜) are ignored; so is
# whitespace, which printed lists put inside two-character names (王　毅) to align them.
SEPARATORS = "·•・．.‧･・"
_DROP = {ord(c): None for c in SEPARATORS + " \t\r\n\u3000\u00a0\u2002\u2003\u2009\u200b"}

# RULES.md §7.5 — used only when the candidate has no `surname`: the name starts with one
# of these and has at least one more character.
_COMPOUND_SURNAMES_TEXT = """
欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 澹台 公冶
太史 端木 申屠 闻人 濮阳 呼延 南宫 万俟 司空 独孤 西门 百里 东郭 拓跋 赫连 鲜于 闾丘 亓官
司寇 巫马 公西 漆雕 乐正 壤驷 公良 宰父 谷梁 段干 左丘 东门 梁丘 公羊 羊舌 微生 夹谷 淳于
仲孙 叔孙 即墨 单于 歐陽 司馬 諸葛 尉遲 長孫 軒轅 鍾離
"""
COMPOUND_SURNAMES = frozenset(_COMPOUND_SURNAMES_TEXT.split())

_HAN_RANGES = (
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # Unified Ideographs
    (0xF900, 0xFAFF),  # Compatibility Ideographs
    (0x20000, 0x2A6DF),  # Extension B
    (0x2A700, 0x2EE5F),  # Extensions C-F, I
    (0x2F800, 0x2FA1F),  # Compatibility Supplement
    (0x30000, 0x323AF),  # Extensions G-H
)


def is_han(char: str) -> bool:
    cp = ord(char)
    return any(lo <= cp <= hi for lo, hi in _HAN_RANGES)


def clean(name: str) -> str:
    """The characters compared: separators and whitespace removed."""
    return name if name.isalpha() else name.translate(_DROP)


def check_han(chars: str, name: str) -> None:
    """Raise InvalidName for an empty name, NonHanCharacter for a Latin letter, digit…"""
    if not chars:
        raise InvalidName("empty", name, "姓名为空，无法排序。", "the name is empty")
    for char in chars:
        if not is_han(char):
            raise NonHanCharacter(char, name)


def surname_length(chars: str, surname: str | None, name: str) -> int:
    """How many leading characters of ``chars`` are the surname (RULES.md §7.5)."""
    if surname:
        wanted = clean(surname)
        if wanted:
            if not chars.startswith(wanted):
                raise InvalidName(
                    "surname_mismatch",
                    name,
                    f"姓名“{name}”不是以所填的姓“{surname}”开头，请核对姓和名。",
                    f"the name {name!r} does not start with its surname {surname!r}",
                )
            return len(wanted)
    if len(chars) > 2 and chars[:2] in COMPOUND_SURNAMES:
        return 2
    return 1
