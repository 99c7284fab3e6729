"""Sheet images in and out: an upload split into pages (kept as they came where possible),
the flattened page the clerk confirms on, and crops of the 另选他人 name cells."""

from __future__ import annotations

import base64
import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from ballots.geometry import Box, PageGeometry
from scan import sheets
from scan.locate import Gray, crop

FLAT_QUALITY = 85  # JPEG of the flattened page: for the eye, not for reading again
PAGE_QUALITY = 92  # JPEG of a scanner PDF's page as rendered (what the reader read)
MAGIC = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"),
         (b"II*\x00", "image/tiff"), (b"MM\x00*", "image/tiff"))


@dataclass(frozen=True, slots=True)
class Page:
    source: str  # "file#page"
    number: int  # in the file, from 1
    image: bytes  # as kept: the file itself for a one-page image, else the page encoded
    media_type: str


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def split_pages(data: bytes, name: str) -> list[Page]:
    """The pages of an uploaded file (a scanner's PDF, a photo, a multi-page TIFF).
    Raises scan.ScanError when it is neither."""
    kind = next((media for magic, media in MAGIC if data.startswith(magic)), None)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        pages = list(sheets(str(path)))
    if kind is not None and len(pages) == 1:  # a photo: kept byte for byte
        return [Page(pages[0][0], 1, data, kind)]
    return [Page(source, number, encode_jpeg(gray, PAGE_QUALITY), "image/jpeg")
            for number, (source, gray) in enumerate(pages, start=1)]


def decode(image: bytes) -> Gray:
    found = cv2.imdecode(np.frombuffer(image, np.uint8), cv2.IMREAD_GRAYSCALE)
    if found is None:
        raise ValueError("a kept sheet image could not be decoded")
    return np.asarray(found, np.uint8)


def encode_jpeg(gray: Gray, quality: int = FLAT_QUALITY) -> bytes:
    ok, data = cv2.imencode(".jpg", gray, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("the image could not be encoded")
    return bytes(data.tobytes())


def data_url(image: bytes, media_type: str = "image/jpeg") -> str:
    return f"data:{media_type};base64,{base64.b64encode(image).decode()}"


def name_crop(flat: Gray, page: PageGeometry, box: Box) -> str:
    """The 另选他人 name cell as the clerk and the 监票人 see it (a data: URL)."""
    return data_url(encode_jpeg(crop(flat, page, box)))


def page_fraction(page: PageGeometry, box: Box) -> list[float]:
    """`box` on the page as [left, top, width, height], fractions of the page (for CSS)."""
    top = page.height - box.y - box.height
    return [round(box.x / page.width, 5), round(top / page.height, 5),
            round(box.width / page.width, 5), round(box.height / page.height, 5)]
