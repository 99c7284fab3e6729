"""Reading JSON documents of jipiao's formats: typed readers that name the JSON pointer.

Every format (RECORD.md's election record, the nomination and appraisal records of
CAMPAIGN.md) is read with these, so a malformed document is refused the same way: a
`RecordError` listing each problem with its JSON pointer, in Chinese and English.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, NoReturn


@dataclass(frozen=True, slots=True)
class Problem:
    pointer: str
    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.zh} ({self.en})"


class RecordError(ValueError):
    """A record that breaks the RECORD.md contract or whose numbers cannot be true."""

    code = "invalid_record"

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def pointer(*parts: str | int) -> str:
    """A JSON pointer (RFC 6901) from its reference tokens."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def fail(ptr: str, zh: str, en: str) -> NoReturn:
    raise RecordError([Problem(ptr, zh, en)])


def no_such_post(ptr: str, post_id: object) -> NoReturn:
    fail(ptr, f"没有编号为“{post_id}”的职位", f"no post with id {post_id!r}")


def no_such_candidate(ptr: str, candidate_id: object) -> NoReturn:
    fail(ptr, f"没有编号为“{candidate_id}”的候选人", f"no candidate with id {candidate_id!r}")


def normalize_name(name: str) -> str:
    """Names compare after NFKC and trimming (a write-in of a printed name is that person)."""
    return unicodedata.normalize("NFKC", name).strip()


# --- typed readers: each returns the value or raises naming the pointer ----------------


def as_object(value: object, ptr: str) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    fail(ptr, "应为 JSON 对象", "must be a JSON object")


def as_list(value: object, ptr: str) -> list[Any]:
    if isinstance(value, list):
        return value
    fail(ptr, "应为 JSON 数组", "must be a JSON array")


def as_text(value: object, ptr: str) -> str:
    if isinstance(value, str) and value.strip():
        return value
    fail(ptr, "应为非空字符串", "must be a non-empty string")


def as_count(value: object, ptr: str, least: int = 0) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= least:
        return value
    if least == 0:
        fail(
            ptr, f"应为非负整数，而不是 {value!r}", f"must be a non-negative integer, not {value!r}"
        )
    fail(
        ptr,
        f"应为不小于{least}的整数，而不是 {value!r}",
        f"must be an integer ≥ {least}, not {value!r}",
    )


def required(obj: Mapping[str, Any], key: str, ptr: str) -> Any:
    if key not in obj:
        fail(pointer_join(ptr, key), f"缺少必填字段“{key}”", f"required field {key!r} is missing")
    return obj[key]


def person_fields(obj: Mapping[str, Any],
                  ptr: str) -> tuple[str, str | None, Literal["F", "M"] | None]:
    """A person's `name`, optional `surname` (a proper prefix of the name) and `gender`."""
    name = normalize_name(as_text(required(obj, "name", ptr), ptr + "/name"))
    surname = obj.get("surname")
    if surname is not None:
        surname = normalize_name(as_text(surname, ptr + "/surname"))
        if not name.startswith(surname) or surname == name:
            fail(
                ptr + "/surname",
                f"姓“{surname}”不是姓名“{name}”的开头部分",
                f"surname {surname!r} is not a proper prefix of {name!r}",
            )
    gender: Literal["F", "M"] | None = obj.get("gender")
    if gender not in (None, "F", "M"):
        fail(ptr + "/gender", "性别应为“F”或“M”", 'gender must be "F" or "M"')
    return name, surname, gender


def pointer_join(ptr: str, *parts: str | int) -> str:
    return ptr + pointer(*parts)


def unique_ids(ids: list[str], ptr: str, what_zh: str) -> None:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            fail(
                pointer_join(ptr, i, "id"), f"{what_zh}编号“{ident}”重复", f"duplicate id {ident!r}"
            )
        seen.add(ident)
