"""姓氏笔画 order of names (RULES.md §7): the key, the sort, and an explanation of the key."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ballots.strokes.errors import InvalidOverride, UnknownCharacter
from ballots.strokes.names import COMPOUND_SURNAMES, check_han, clean, is_han, surname_length
from ballots.strokes.table import (
    SEQUENCE,
    SOURCES,
    STRUCTURES,
    CharStrokes,
    as_text,
    char_texts,
    lookup,
    override_keys,
    simplified_chars,
    traditional_chars,
)

# RULES.md §7.5: after the surname comes a marker below every character key (a surname
# that is a prefix of another sorts first, 欧 before 欧阳), then the given-name length
# class: none 0, one character 1 (高富 < 高大富), longer 2. Keys are built as text (see
# table.as_text) because `sort_names` sorts strings much faster than tuples of integers.
_END_OF_SURNAME = 0
_GIVEN_TEXT = tuple(as_text(_END_OF_SURNAME) + as_text(n) for n in range(3))  # for _text_keys
_OVERRIDE_STRUCTURE = 2  # an operator-supplied character counts as 整体 for the tie-break
_MAX_OVERRIDE_STROKES = 64


@dataclass(frozen=True, slots=True)
class NameOrder:
    """The result of `sort_names`."""

    order: tuple[int, ...]  # indices into `people`, 姓氏笔画 order, stable
    duplicates: tuple[tuple[int, ...], ...]  # identical names: each needs a disambiguator
    warnings: tuple[str, ...]  # Chinese sentences (traditional forms, overrides)


def _override_keys(overrides: Mapping[str, str]) -> dict[str, int]:
    for char, sequence in overrides.items():
        if not (isinstance(char, str) and len(char) == 1 and is_han(char)):
            raise InvalidOverride(str(char), sequence)
        if not (
            isinstance(sequence, str)
            and len(sequence) <= _MAX_OVERRIDE_STROKES
            and SEQUENCE.fullmatch(sequence)
        ):
            raise InvalidOverride(char, sequence)
    return override_keys(overrides, _OVERRIDE_STRUCTURE)


def _mixed_forms(chars: str) -> tuple[list[str], list[str]]:
    trad = traditional_chars()
    simp = simplified_chars()
    return [c for c in chars if c in trad], [c for c in chars if c in simp]


def _unknown(chars: str, name: str, known: Mapping[int, str]) -> UnknownCharacter:
    check_han(chars, name)
    char = next(c for c in chars if ord(c) not in known)
    trad, simp = _mixed_forms(chars)
    if trad and simp:
        return UnknownCharacter(
            char,
            name,
            f"另：该姓名混用繁体字（{'、'.join(trad)}）和简化字（{'、'.join(simp)}），"
            f"请先核对证件上的写法。",
            f"The name mixes traditional ({''.join(trad)}) and simplified ({''.join(simp)}) "
            f"forms: check the ID card first.",
        )
    return UnknownCharacter(char, name)


def _known(overrides: Mapping[str, str] | None) -> dict[int, str]:
    """Code point -> key text (a translate table), with the election's overrides added."""
    if not overrides:
        return char_texts()
    extra = {ord(char): as_text(key) for char, key in _override_keys(overrides).items()}
    return {**char_texts(), **extra}


def _text_keys(
    cleaned: Sequence[str],
    people: Sequence[tuple[str, str | None]],
    single_first: bool,
    known: dict[int, str],
) -> list[str]:
    """The keys of the cleaned names ``cleaned`` of ``people``, as text: two code points an
    element (see `as_text`), so that the strings compare exactly like the key tuples.

    One loop for a whole list: this is the hot path of `sort_names` (bench/sort.py).
    """
    compounds = COMPOUND_SURNAMES
    given_text = _GIVEN_TEXT
    out = []
    for chars, (name, surname) in zip(cleaned, people, strict=True):
        text = chars.translate(known)  # a character the table lacks stays one code point
        if len(text) != 2 * len(chars):
            raise _unknown(chars, name, known)
        if not text:
            check_han(chars, name)
        if not single_first:
            out.append(text)  # 按姓名笔画: character by character (RULES.md §7.5, false)
            continue
        if surname:
            cut = surname_length(chars, surname, name)
        else:  # surname_length, inlined for the common case
            cut = 2 if len(chars) > 2 and chars[:2] in compounds else 1
        given = len(chars) - cut
        out.append(text[: 2 * cut] + given_text[given if given < 2 else 2] + text[2 * cut :])
    return out


def stroke_key(
    name: str,
    surname: str | None = None,
    *,
    single_given_name_first: bool = True,
    overrides: Mapping[str, str] | None = None,
) -> tuple[int, ...]:
    """The 姓氏笔画 key of a name (RULES.md §7); keys from this function compare directly.

    ``overrides`` maps one character to its stroke sequence as digits 1-5 (横竖撇点折);
    it is used before the table. Raises UnknownCharacter (NonHanCharacter), InvalidName,
    InvalidOverride — all StrokeError.
    """
    known = _known(overrides)
    text = _text_keys([clean(name)], [(name, surname)], single_given_name_first, known)[0]
    return tuple(map(ord, text))  # two integers an element: the same order as the text


def name_key(name: str, surname: str | None, single_given_name_first: bool) -> tuple[int, ...]:
    """`stroke_key` with the positional signature of `counting.NameKey`."""
    return stroke_key(name, surname, single_given_name_first=single_given_name_first)


def sort_names(
    people: Sequence[tuple[str, str | None]],
    *,
    single_given_name_first: bool = True,
    overrides: Mapping[str, str] | None = None,
) -> NameOrder:
    """Order (name, surname) pairs by 姓氏笔画 (RULES.md §7); stable for equal names."""
    known = _known(overrides)
    cleaned = [clean(name) for name, _surname in people]
    keys = _text_keys(cleaned, people, single_given_name_first, known)
    order = tuple(sorted(range(len(people)), key=keys.__getitem__))
    first_seen: dict[str, int] = {}
    groups: dict[int, list[int]] = {}
    for i, chars in enumerate(cleaned):
        j = first_seen.setdefault(chars, i)
        if j != i:
            groups.setdefault(j, [j]).append(i)
    rank = {i: r for r, i in enumerate(order)} if groups else {}
    duplicates = tuple(tuple(groups[j]) for j in sorted(groups, key=rank.__getitem__))
    return NameOrder(order, duplicates, _warnings(people, first_seen, overrides or {}))


def _warnings(
    people: Sequence[tuple[str, str | None]],
    first_seen: dict[str, int],
    overrides: Mapping[str, str],
) -> tuple[str, ...]:
    """Sentences for names with traditional forms or overridden characters (once a name)."""
    out: list[str] = []
    trad_forms = traditional_chars()
    if not overrides and trad_forms.isdisjoint("".join(first_seen)):
        return ()  # the usual case: nothing to say
    for chars, first in first_seen.items():
        name = people[first][0]
        if not trad_forms.isdisjoint(chars):
            trad, simp = _mixed_forms(chars)
            if simp:
                out.append(
                    f"姓名“{name}”混用繁体字（{'、'.join(trad)}）和简化字（{'、'.join(simp)}），"
                    f"排序按各字本身的笔画计算，请核对证件上的写法。"
                )
            else:
                out.append(
                    f"姓名“{name}”含繁体字（{'、'.join(trad)}），排序按繁体字本身的笔画计算。"
                )
        for char in chars if overrides else ():
            if char not in overrides:
                continue
            entry = lookup(char)
            if entry is not None and entry.sequence != overrides[char]:
                out.append(
                    f"姓名“{name}”中的“{char}”按补录笔顺 {overrides[char]} 排序，"
                    f"笔画数据为 {entry.sequence}。"
                )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class NameExplanation:
    """Why a name sits where it does: its surname split and each character's strokes."""

    name: str
    surname: str
    given: str
    chars: tuple[CharStrokes, ...]
    single_given_name_first: bool

    def text(self) -> str:
        """One line in Chinese, e.g. 王毅 姓=王 名=毅（单名） | 王 U+738B 4画 1121 整体 …"""
        if self.single_given_name_first:
            kind = "单名" if len(self.given) == 1 else "双名及以上" if self.given else "无名"
            head = f"{self.name}  姓={self.surname} 名={self.given or '—'}（{kind}）"
        else:
            head = f"{self.name}  按姓名笔画逐字比较"
        cells = [
            f"{c.char} {c.codepoint} {c.strokes}画 {c.sequence} {c.structure} {SOURCES[c.source]}"
            for c in self.chars
        ]
        return head + "  |  " + "；".join(cells)


def explain(
    name: str,
    surname: str | None = None,
    *,
    single_given_name_first: bool = True,
    overrides: Mapping[str, str] | None = None,
) -> NameExplanation:
    """The parts of `stroke_key` for a person reading it (``jipiao sort --explain``)."""
    stroke_key(
        name, surname, single_given_name_first=single_given_name_first, overrides=overrides
    )  # raises exactly what the sort would raise
    chars = clean(name)
    cut = surname_length(chars, surname, name)
    entries = []
    for char in chars:
        if overrides and char in overrides:
            entries.append(CharStrokes(char, overrides[char], STRUCTURES[2], "-", "O"))
        else:
            entry = lookup(char)
            assert entry is not None  # stroke_key succeeded
            entries.append(entry)
    return NameExplanation(name, chars[:cut], chars[cut:], tuple(entries), single_given_name_first)
