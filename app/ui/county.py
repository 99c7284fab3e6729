"""The page of a 县/区 or 乡镇/街道: progress board, statistics, reports (CAMPAIGN.md §4).

The page itself holds nothing of the unit: its script reads everything with the unit's token.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.ui.routes import page
from app.units.access import UnitId

router = APIRouter(include_in_schema=False)


@router.get("/u/{unit_id}", response_class=HTMLResponse, name="ui_unit")
def unit_page(request: Request, unit_id: UnitId) -> HTMLResponse:
    return page(request, "county.html", unit_id=unit_id)
