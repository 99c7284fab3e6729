"""姓氏笔画 name order with the project's own stroke table (RULES.md §7).

    from ballots.strokes import stroke_key, sort_names, UnknownCharacter

    stroke_key(name: str, surname: str | None = None, *, single_given_name_first: bool = True,
               overrides: Mapping[str, str] | None = None) -> tuple[int, ...]
        A key comparable with other keys from this function. ``overrides`` maps one character
        to its stroke sequence as digits '1'..'5' (e.g. {"𬱖": "1213545"}); the count is its
        length. Whitespace and the separators · • ・ ． are ignored.
    name_key(name, surname, single_given_name_first) -> tuple[int, ...]
        The same key with the positional signature of ``counting.NameKey``.
    sort_names(people: Sequence[tuple[str, str | None]], *, single_given_name_first=True,
               overrides=None) -> NameOrder
        .order (indices into `people`, stable), .duplicates (groups of identical names that
        need a disambiguator), .warnings (Chinese sentences: traditional forms, overrides).
    explain(name, surname=None, ...) -> NameExplanation   (.text() for ``jipiao sort --explain``)
    lookup(char) -> CharStrokes | None                    (what the table says about a character)

Errors (all ValueError, each with a stable ``code`` and Chinese + English text):
UnknownCharacter (``unknown_character``: .char, .codepoint "U+xxxx", .name); its subclass
NonHanCharacter (``non_han_character``) for a Latin letter, digit or other non-Han character
in a name — names are compared as Han characters only and no override applies to those;
InvalidName (``invalid_name``: .reason ``empty`` / ``surname_mismatch``); InvalidOverride
(``invalid_override``). All derive from StrokeError: catch that to catch every one.

Order (RULES.md §7): character by character; per character the stroke count, then the
横竖撇点折 sequence, then the structure 左右 < 上下 < 整体, then the code point. With
``single_given_name_first`` the surname is compared first, then a one-character given name
sorts before a longer one. The table and its sources: PROVENANCE.md beside this file.
"""

from ballots.strokes.errors import (
    InvalidName,
    InvalidOverride,
    NonHanCharacter,
    StrokeError,
    UnknownCharacter,
)
from ballots.strokes.order import (
    NameExplanation,
    NameOrder,
    explain,
    name_key,
    sort_names,
    stroke_key,
)
from ballots.strokes.table import CharStrokes, lookup

__all__ = [
    "CharStrokes",
    "InvalidName",
    "InvalidOverride",
    "NameExplanation",
    "NameOrder",
    "NonHanCharacter",
    "StrokeError",
    "UnknownCharacter",
    "explain",
    "lookup",
    "name_key",
    "sort_names",
    "stroke_key",
]
