"""Fixtures for the PDF tests: poppler and zbar read the PDFs back (helpers in printkit)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from printkit import need, run_tool


@pytest.fixture
def pdf_text(tmp_path: Path) -> Callable[..., str]:
    """pdftotext -layout of a PDF (optionally one page): lines keep the printed left-to-right."""

    def extract(pdf: bytes, page: int | None = None) -> str:
        path = tmp_path / "doc.pdf"
        path.write_bytes(pdf)
        pages = ["-f", str(page), "-l", str(page)] if page else []
        return run_tool(["pdftotext", "-layout", *pages, str(path), "-"])

    return extract


@pytest.fixture
def pdf_fonts(tmp_path: Path) -> Callable[[bytes], list[list[str]]]:
    """Rows of `pdffonts`: name, type, encoding, emb, sub, uni, object, generation."""

    def fonts(pdf: bytes) -> list[list[str]]:
        path = tmp_path / "fonts.pdf"
        path.write_bytes(pdf)
        lines = run_tool(["pdffonts", str(path)]).splitlines()[2:]
        return [line.split() for line in lines]

    return fonts


@pytest.fixture
def qr_codes(tmp_path: Path) -> Callable[[bytes], list[str]]:
    """The QR payloads zbarimg reads from the pages rendered at 200 dpi, page by page."""

    def decode(pdf: bytes) -> list[str]:
        path = tmp_path / "qr.pdf"
        path.write_bytes(pdf)
        for old in tmp_path.glob("page*.png"):
            old.unlink()
        run_tool(["pdftoppm", "-r", "200", "-png", str(path), str(tmp_path / "page")])
        found: list[str] = []
        for image in sorted(tmp_path.glob("page*.png")):
            done = subprocess.run([need("zbarimg"), "-q", "--raw", str(image)],
                                  capture_output=True, timeout=60)
            found.extend(line for line in done.stdout.decode("utf-8").splitlines() if line)
        return found

    return decode
