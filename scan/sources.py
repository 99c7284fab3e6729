"""Sheets from files: images (PNG, JPEG, TIFF, one page or several) and scanners' PDFs,
each page named `file#page`."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np

from scan.errors import ScanError
from scan.locate import Gray

PDF_DPI = 200  # scanners' PDFs are rendered at this resolution


def sheets(path: str) -> Iterator[tuple[str, Gray]]:
    """(source, grayscale page) for each page of the file at `path`."""
    file = Path(path)
    if not file.is_file():
        raise ScanError("missing_file", f"找不到文件“{path}”", f"no file {path}")
    data = file.read_bytes()
    if data.startswith(b"%PDF"):
        yield from _pdf_pages(file)
        return
    ok, pages = cv2.imdecodemulti(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    if not ok or not pages:
        raise ScanError("unreadable_file", f"“{path}”不是可识读的图片或 PDF 文件",
                        f"{path} is not an image or PDF that can be read")
    for number, page in enumerate(pages, start=1):
        yield f"{file.name}#{number}", np.asarray(page, np.uint8)


def _pdf_pages(file: Path) -> Iterator[tuple[str, Gray]]:
    renderer = shutil.which("pdftoppm")
    if renderer is None:  # scripts/install-system.sh installs poppler-utils
        raise ScanError("no_pdf_renderer", "未安装 pdftoppm（poppler-utils），无法读取 PDF",
                        "pdftoppm (poppler-utils) is needed to read PDF files")
    with tempfile.TemporaryDirectory() as folder:
        # Plain PGM: poppler's PNG compression of a noisy scan takes seconds a page.
        done = subprocess.run([renderer, "-r", str(PDF_DPI), "-gray", str(file),
                               str(Path(folder) / "page")], capture_output=True, timeout=600)
        if done.returncode != 0:
            raise ScanError("unreadable_file", f"“{file}”不是可识读的 PDF 文件",
                            f"{file} is not a PDF that can be read")
        for number, image in enumerate(sorted(Path(folder).glob("page*.pgm"),
                                              key=lambda p: int(p.stem.split("-")[-1])),
                                       start=1):
            page = cv2.imread(str(image), cv2.IMREAD_GRAYSCALE)
            yield f"{file.name}#{number}", np.asarray(page, np.uint8)
