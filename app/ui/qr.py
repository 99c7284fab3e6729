"""QR codes as SVG for the pages (the hall's LAN has no internet: drawn here, not fetched)."""

from __future__ import annotations

from ballots.qr import QUIET_ZONE, qr_matrix


def qr_svg(payload: str) -> str:
    """An SVG QR code; dark modules merged into horizontal runs, one path."""
    matrix = qr_matrix(payload)
    size = len(matrix) + 2 * QUIET_ZONE
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append(f"M{start + QUIET_ZONE} {y + QUIET_ZONE}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    )
