"""`POST /api/v1/count` and the error contract: one body shape, Chinese messages, no 500s."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from meetingkit import ok

SPEC_SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"


def record() -> dict[str, Any]:
    return {
        "format": "jipiao.record/1",
        "election": {"title": "测试", "body": "party_branch"},
        "posts": [{"id": "member", "name": "委员", "seats": 1}],
        "candidates": [{"id": "c01", "name": "王一", "posts": ["member"]},
                       {"id": "c02", "name": "李二", "posts": ["member"]}],
        "rounds": [{"id": "r1", "attendance": {"entitled": 3, "present": 3},
                    "ballots": [{"marks": {"member": {"c01": "yes"}}}] * 3}],
    }


def test_the_calculator_counts_a_record(client: TestClient) -> None:
    result = ok(client.post("/api/v1/count", json=record()))
    assert result["format"] == "jipiao.result/1"
    assert result["outcome"]["elected"] == {"member": ["c01"]}


def test_a_bad_record_is_refused_with_pointers(client: TestClient) -> None:
    bad = record()
    bad["rounds"][0]["ballots"][1] = {"marks": {"member": {"c09": "yes"}}}
    body = ok(client.post("/api/v1/count", json=bad), 422)
    assert body["code"] == "invalid_record"
    assert body["detail"]["problems"][0]["pointer"].startswith("/rounds/0/ballots/1")
    assert body["message"].startswith("选举记录有误")
    assert ok(client.post("/api/v1/count", json=[1, 2]), 422)["code"] == "invalid_record"
    garbage = client.post("/api/v1/count", content=b"{not json",
                          headers={"content-type": "application/json"})
    assert ok(garbage, 422)["code"] == "validation_error"


def test_an_unknown_character_is_refused_not_guessed(client: TestClient) -> None:
    odd = record()
    odd["candidates"][1]["name"] = "李\U00030000"  # CJK Extension G: not in the stroke table
    body = ok(client.post("/api/v1/count", json=odd), 422)
    assert body["code"] == "unknown_character" and "U+30000" in body["message"]


def test_unknown_routes_and_methods_use_the_same_error_body(client: TestClient) -> None:
    assert ok(client.get("/api/v1/nothing"), 404) == {"code": "not_found",
                                                     "message": "找不到所请求的内容",
                                                     "detail": None}
    assert ok(client.delete("/api/v1/count"), 405)["code"] == "method_not_allowed"


def test_docs_are_served_without_a_cdn(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "/static/swagger-ui/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert client.get("/static/swagger-ui/swagger-ui-bundle.js").status_code == 200
    schema = ok(client.get("/openapi.json"))
    enter = schema["paths"]["/api/v1/elections/{election_id}/rounds/{round_id}/entries"]["post"]
    assert {"401", "403", "404", "409", "422"} <= set(enter["responses"])
    error = enter["responses"]["409"]["content"]["application/json"]["schema"]
    assert error["$ref"].endswith("/ErrorBody")


def test_the_calculator_answers_the_bytes_jipiao_count_prints(client: TestClient) -> None:
    """RECORD.md: every way to get a result returns exactly the canonical bytes."""
    samples = sorted((SPEC_SAMPLES).glob("*.record.json"))
    assert samples
    for path in samples:
        printed = subprocess.run(
            [str(Path(sys.executable).parent / "jipiao"), "count", str(path)],
            capture_output=True, check=True,
        ).stdout
        answer = client.post("/api/v1/count", content=path.read_bytes(),
                             headers={"content-type": "application/json"})
        assert answer.status_code == 200, path.name
        assert answer.headers["content-type"] == "application/json"
        assert answer.content == printed, path.name
        digest = hashlib.sha256(answer.content).hexdigest()
        assert digest == hashlib.sha256(printed).hexdigest()
