"""The embedded CJK TrueType font: found, embedded, and refused loudly when unusable."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from printkit import counted_party_record, party_record, result_of

from ballots import fonts
from ballots.content import BallotOptions
from ballots.documents.announcement import render_announcement
from ballots.documents.ballot import render_ballots
from ballots.documents.report import render_report
from ballots.documents.tally_sheet import render_tally_sheet
from ballots.errors import DocumentError
from ballots.pdf import PdfMeta

Fonts = Callable[[bytes], list[list[str]]]


def all_documents() -> list[bytes]:
    record = counted_party_record()
    result = result_of(record)
    done = {**result, "outcome": {**result["outcome"], "status": "complete", "next_round": None}}
    return [
        render_ballots(party_record(), "r1"),
        render_tally_sheet(party_record(), "r1"),
        render_report(record, result),
        render_announcement(record, done),
    ]


def test_every_font_is_embedded_truetype(pdf_fonts: Fonts) -> None:
    for pdf in all_documents():
        rows = pdf_fonts(pdf)
        assert rows, "no font listed"
        for row in rows:
            assert row[1] == "TrueType" and row[-5] == "yes", row  # type, emb


def test_env_var_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    microhei = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
    chosen = tmp_path / "chosen.ttc"  # not where the search would look by itself
    shutil.copyfile(microhei, chosen)
    monkeypatch.setenv(fonts.FONT_ENV, str(chosen))
    assert fonts.find_font_path() == str(chosen)
    assert fonts.find_font_path(microhei) == microhei  # an explicit setting wins


def test_missing_env_font_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fonts.FONT_ENV, "/nowhere/font.ttf")
    with pytest.raises(DocumentError) as err:
        fonts.find_font_path()
    assert err.value.code == "font_missing"
    assert "fonts-wqy-microhei" in err.value.zh and "fonts-wqy-microhei" in err.value.en


def test_no_font_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)
    monkeypatch.setattr(fonts, "KNOWN_FONT_PATHS", ("/nowhere/a.ttc",))
    with pytest.raises(DocumentError) as err:
        render_ballots(party_record(), "r1")
    assert err.value.code == "font_missing"
    assert "JIPIAO_FONT" in err.value.en


def test_unembeddable_font_file(tmp_path: Path) -> None:
    fake = tmp_path / "NotoSansCJK-Regular.otf"
    fake.write_bytes(b"OTTO" + bytes(200))  # an OpenType/CFF header: reportlab cannot embed it
    meta = PdfMeta(font_path=str(fake))
    with pytest.raises(DocumentError) as err:
        render_ballots(party_record(), "r1", options=BallotOptions(meta=meta))
    assert err.value.code == "font_missing"


def test_character_without_glyph_is_refused_not_printed_as_a_box() -> None:
    # 䶮 (U+4DAE, in names such as 刘䶮) is not in WenQuanYi Micro Hei.
    with pytest.raises(DocumentError) as err:
        render_ballots(party_record(), "r1", options=BallotOptions(title="刘䶮社区选举票"))
    assert err.value.code == "glyph_missing"
    assert "䶮" in err.value.zh
