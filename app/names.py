"""Names as people type them: NFKC, trimmed, no control characters (bidi controls included),
no pile of combining marks, length-limited."""

from __future__ import annotations

import unicodedata

NAME_LIMIT = 64
# A letter takes at most this many combining marks in a row (a Chinese name needs none;
# a romanised minority name a tone mark or two): more is a name made to break displays.
COMBINING_LIMIT = 3


def clean_name(raw: str, *, limit: int = NAME_LIMIT, nfkc: bool = True) -> str:
    """The stored form of a name; raises ValueError (a 422 via pydantic) for a bad one.

    Titles keep their full-width punctuation (`nfkc=False`); names of people are NFKC.
    """
    name = (unicodedata.normalize("NFKC", raw) if nfkc else raw).strip()
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in name):
        raise ValueError("名称中不能含有控制字符或无法显示的字符")
    if not name:
        raise ValueError("名称不能为空")
    run = 0
    for ch in name:
        run = run + 1 if unicodedata.combining(ch) or unicodedata.category(ch) == "Me" else 0
        if run > COMBINING_LIMIT:
            raise ValueError("名称中连续的组合附加符号过多")
    if len(name) > limit:
        raise ValueError(f"名称不能超过{limit}个字")
    return name


def namesake_clash(name: str, note: str | None,
                   others: list[tuple[str, str | None]]) -> str | None:
    """Why `name` (with its disambiguator `note`) cannot join `others`, or None.

    RULES.md §7.7 — identical names are kept apart by a disambiguator (出生年份、单位): a
    newcomer whose name is taken must bring one, and one no namesake has.
    """
    notes = [other_note or "" for other_name, other_note in others if other_name == name]
    if not notes:
        return None
    if not note:
        return f"已有同名的“{name}”，须在备注中注明出生年份或单位加以区分"
    if note in notes:
        return f"已有同名的“{name}（{note}）”，备注相同无法区分，请注明出生年份或单位"
    return None


def clean_note(raw: str | None) -> str | None:
    """A disambiguator or remark as stored: NFKC (１９７０ is 1970), trimmed; blank is none."""
    if raw is None:
        return None
    note = unicodedata.normalize("NFKC", raw).strip()
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in note):
        raise ValueError("备注中不能含有控制字符或无法显示的字符")
    return note or None
