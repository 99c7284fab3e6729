"""Paper in, ballot entries out: reading printed ballots from scans and photos (OMR)."""

from scan.batch import read_sheets
from scan.errors import ScanError
from scan.sheet import SheetRead, read_sheet
from scan.sources import sheets

__all__ = ["ScanError", "SheetRead", "read_sheet", "read_sheets", "sheets"]
