"""RULES.md §7 — the 姓氏笔画 order of names, checked on the rule's own examples and edges."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ballots.strokes import (
    InvalidName,
    InvalidOverride,
    NonHanCharacter,
    StrokeError,
    UnknownCharacter,
    explain,
    lookup,
    name_key,
    sort_names,
    stroke_key,
)
from ballots.strokes.table import table_chars

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"


def in_order(names: str, single_given_name_first: bool = True) -> list[str]:
    """`names` (space separated) put in order from reversed input."""
    listed = names.split()
    people: list[tuple[str, str | None]] = [(n, None) for n in reversed(listed)]
    result = sort_names(people, single_given_name_first=single_given_name_first)
    return [people[i][0] for i in result.order]


@pytest.mark.parametrize(
    "names",
    [
        "王 文 方 尹 孔",  # §7 checks: 4 strokes, 横竖撇点折 then structure
        "叶 田 史 白 包 冯 司",  # 5 strokes
        "丁 习 马 王",  # 2, 3, 3, 4
        "欧阳少东 洪少东",  # §7.1: 欧阳 is not special
        "高富 高大富",  # §7.5 single given name first
        "丁宁 丁小强",
        "杨轶 杨士彬",
        "孔军 巴特尔",  # §7.4: 孔/巴 same sequence, 左右 before 整体
        "次 衣",
        "叶 申",
    ],
)
def test_rules_examples(names: str) -> None:
    assert in_order(names) == names.split()


@pytest.mark.parametrize(
    ("char", "strokes"),
    [("陈", 7), ("邓", 4), ("达", 6), ("阝", 2), ("艹", 3), ("辶", 3), ("孔", 4), ("巴", 4)],
)
def test_rules_counts(char: str, strokes: int) -> None:
    entry = lookup(char)
    assert entry is not None and entry.strokes == strokes


def test_stroke_classes_follow_rules() -> None:
    # §7.3: 提 is 横 (习 ends with 提), 竖钩 is 竖 (丁), 捺 is 点 (人), turning strokes 折 (乙).
    assert [lookup(c).sequence for c in "习丁人乙"] == ["541", "12", "34", "5"]  # type: ignore[union-attr]


def test_structure_tie_break_then_code_point() -> None:
    assert lookup("孔").structure == "左右" and lookup("巴").structure == "整体"  # type: ignore[union-attr]
    # 十/丁 share count and sequence and are both 整体: the code point decides.
    assert in_order("丁 十") == ["丁", "十"]


def test_full_name_mode_is_character_by_character() -> None:
    assert in_order("高大富 高富", single_given_name_first=False) == ["高大富", "高富"]
    whole, gao, fu = (stroke_key(n, single_given_name_first=False) for n in ("高富", "高", "富"))
    assert whole == gao + fu


def test_surname_field_and_known_compound_surnames() -> None:
    # Without a surname, 欧阳 is recognised, so 欧阳克 (one-character given name) goes first.
    assert in_order("欧阳克 欧阳少东") == ["欧阳克", "欧阳少东"]
    # The candidate's surname field wins over the list: 东方 as surname 东 + given 方红.
    people = [("东方红", "东"), ("东方明", None), ("东林", None)]
    order = sort_names(people).order
    assert [people[i][0] for i in order] == ["东林", "东方红", "东方明"]


def test_separators_and_whitespace_are_ignored() -> None:
    plain = stroke_key("艾尔肯吐尼亚孜")
    for written in (
        "艾尔肯·吐尼亚孜",
        "艾尔肯•吐尼亚孜",
        "艾尔肯・吐尼亚孜",
        "艾尔肯．吐尼亚孜",
        "  艾尔肯·吐尼亚孜\n",
        "艾尔肯 · 吐尼亚孜",
    ):
        assert stroke_key(written) == plain
    assert stroke_key("王　毅") == stroke_key("王毅")


def test_identical_names_are_kept_in_input_order_and_reported() -> None:
    people = [("张伟", None), ("王芳", None), ("张伟", "张"), ("张 伟", None)]
    result = sort_names(people)
    assert result.order == (1, 0, 2, 3)
    assert result.duplicates == ((0, 2, 3),)


def test_unknown_character_names_itself_and_is_never_guessed() -> None:
    with pytest.raises(UnknownCharacter) as caught:
        stroke_key("王乬")  # dropped from the table: its sources disagree (fixture)
    err = caught.value
    assert (err.char, err.codepoint, err.name, err.code) == (
        "乬",
        "U+4E6C",
        "王乬",
        "unknown_character",
    )
    assert "U+4E6C" in str(err) and "乬" in str(err) and "王乬" in str(err)
    assert "override" in str(err) and "补录" in str(err)


def test_override_supplies_strokes_and_sorts_among_table_characters() -> None:
    overrides = {"乬": "12345"}
    names = ["王可", "王乬", "王去", "王丁"]  # 丁 12 < 去 12154 < 乬 12345 < 可 12512
    order = sort_names([(n, None) for n in names], overrides=overrides).order
    assert [names[i] for i in order] == ["王丁", "王去", "王乬", "王可"]
    assert explain("王乬", overrides=overrides).chars[1].source == "O"


def test_override_can_correct_a_known_character_and_says_so() -> None:
    result = sort_names([("王毅", None)], overrides={"毅": "1"})
    assert any("补录" in w for w in result.warnings)


@pytest.mark.parametrize("bad", [{"乬": "12a"}, {"乬": ""}, {"ab": "1"}, {"x": "1"}])
def test_bad_override_is_refused(bad: dict[str, str]) -> None:
    with pytest.raises(InvalidOverride) as caught:
        stroke_key("王乬", overrides=bad)
    assert caught.value.code == "invalid_override"


def test_non_han_characters_are_an_error_with_the_character() -> None:
    with pytest.raises(NonHanCharacter) as caught:
        stroke_key("王A明")
    assert caught.value.char == "A" and caught.value.codepoint == "U+0041"
    assert isinstance(caught.value, UnknownCharacter)
    with pytest.raises(NonHanCharacter):
        stroke_key("李2")


def test_empty_name_and_surname_mismatch_are_errors() -> None:
    with pytest.raises(InvalidName) as caught:
        stroke_key(" · ")
    assert caught.value.reason == "empty"
    with pytest.raises(InvalidName) as mismatch:
        stroke_key("王毅", "李")
    assert mismatch.value.reason == "surname_mismatch" and mismatch.value.code == "invalid_name"
    assert issubclass(InvalidName, StrokeError) and issubclass(StrokeError, ValueError)


def test_traditional_forms_use_their_own_strokes_and_mixing_is_reported() -> None:
    assert lookup("陳").strokes == 10 and lookup("劉").strokes == 15  # type: ignore[union-attr]
    assert in_order("陈红 陳红") == ["陈红", "陳红"]
    warnings = sort_names([("陳红", None), ("劉德華", None), ("王毅", None)]).warnings
    assert any("混用繁体字" in w and "陳" in w for w in warnings)
    assert any("含繁体字" in w and "劉" in w for w in warnings)
    assert len(warnings) == 2


def test_unknown_character_in_a_mixed_name_says_so() -> None:
    with pytest.raises(UnknownCharacter) as caught:
        stroke_key("陳乬红")
    assert "混用繁体字" in str(caught.value)


def test_name_key_matches_counting_signature() -> None:
    assert name_key("欧阳少东", None, True) == stroke_key("欧阳少东")
    assert name_key("高大富", "高", False) == stroke_key("高大富", single_given_name_first=False)


def test_every_sample_record_name_is_accepted() -> None:
    names = []
    for path in sorted(SAMPLES.glob("*.record.json")):
        for cand in json.loads(path.read_text(encoding="utf-8")).get("candidates", []):
            names.append((cand["name"], cand.get("surname")))
    if not names:
        pytest.skip("no sample records beside the repository")
    assert len(sort_names(names).order) == len(names)


han = st.sampled_from(table_chars()[:3000])
names = st.text(han, min_size=1, max_size=4)


@given(st.lists(names, max_size=30))
def test_order_is_a_stable_permutation_consistent_with_keys(listed: list[str]) -> None:
    people = [(n, None) for n in listed]
    order = sort_names(people).order
    assert sorted(order) == list(range(len(listed)))
    keys = [stroke_key(listed[i]) for i in order]
    assert keys == sorted(keys)
    for a, b in itertools.pairwise(order):
        if listed[a] == listed[b]:
            assert a < b


@given(names, st.lists(st.sampled_from("·•・． "), max_size=3), st.integers(0, 4))
def test_separators_never_change_the_key(name: str, seps: list[str], at: int) -> None:
    written = name[:at] + "".join(seps) + name[at:]
    assert stroke_key(written) == stroke_key(name)


@pytest.mark.parametrize("single_first", [True, False])
def test_sort_names_agrees_with_stroke_key(single_first: bool) -> None:
    overrides = {"乬": "12345", "乽": "1", "毅": "5"}
    people = [
        ("王乬", None),
        ("乽", None),
        ("欧阳少东", None),
        ("欧明", "欧"),
        ("王毅", None),
        ("王可", None),
        ("高大富", "高"),
        ("高富", None),
        ("东方红", "东"),
        ("王", None),
    ]
    order = sort_names(people, single_given_name_first=single_first, overrides=overrides).order
    expected = sorted(
        range(len(people)),
        key=lambda i: stroke_key(
            people[i][0], people[i][1], single_given_name_first=single_first, overrides=overrides
        ),
    )
    assert list(order) == expected
