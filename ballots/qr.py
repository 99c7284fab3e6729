"""QR codes as vector paths built from the `qrcode` module matrix (sharp at any zoom)."""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from ballots.text import Canvas

QUIET_ZONE = 4  # modules of white margin a reader needs around the symbol


def qr_matrix(payload: str) -> list[list[bool]]:
    """The module matrix (True = dark) of the smallest QR code that holds `payload`."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


def draw_qr(c: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw the QR code with its lower-left corner at (x, y), `size` points square.

    `size` includes the quiet zone; the area is painted white first so a reader finds it.
    Dark modules are merged into horizontal runs, one path for the whole symbol.
    """
    matrix = qr_matrix(payload)
    n = len(matrix)
    module = size / (n + 2 * QUIET_ZONE)
    left, top = x + QUIET_ZONE * module, y + size - QUIET_ZONE * module
    c.saveState()
    c.setFillColorRGB(1, 1, 1)
    c.rect(x, y, size, size, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    path = c.beginPath()
    for r, row in enumerate(matrix):
        col = 0
        while col < n:
            if not row[col]:
                col += 1
                continue
            start = col
            while col < n and row[col]:
                col += 1
            path.rect(left + start * module, top - (r + 1) * module, (col - start) * module, module)
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()
