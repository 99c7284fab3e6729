"""The service's settings, read from the environment (and `.env`) by `create_app`.

`DATABASE_URL` picks the engine: the embedded SQLite file under `./data/` by default,
PostgreSQL (`postgresql+psycopg://…`) for a county server running many meetings.
"""

from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///./data/jipiao.db"


DEFAULT_TIMEZONE = "Asia/Shanghai"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JIPIAO_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        validation_alias="DATABASE_URL",
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db",
    )
    environment: Literal["development", "production"] = "development"
    # The address tablets reach the service at (links, QR codes, printed record URLs);
    # unset: the LAN address when a page was opened on localhost (app/addresses.py).
    public_url: str | None = None
    # The time zone of the times people read on pages (stored times stay UTC).
    timezone: str = DEFAULT_TIMEZONE
    # Creating a meeting needs this token when set; required in production.
    setup_token: str | None = None
    sqlite_busy_timeout_ms: int = 30_000
    # How often the one producer of a watched round checks for changes nobody announced
    # (corrections, the count); entries are announced at once (seconds).
    live_poll_interval: float = 0.5
    # Live-tally streams one token may hold open at once in one process (a hall's projector,
    # the 监票人's screen, a few phones).
    live_streams_per_token: int = 20
    # Per worker process: 4 workers × (5 + 10 overflow) stay under PostgreSQL's default 100.
    pool_size: int = 5
    # Failed tokens (401 answers) a client may have within the window before its API
    # requests get 429 (app/guard.py).
    auth_failure_limit: int = 20
    auth_failure_window: float = 60.0
    # A folder: each worker writes its requests' times, event-loop lags and GC pauses there
    # (app/timing.py, for the benches); unset: nothing is timed.
    timing_dir: str | None = None

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as err:
            raise ValueError(f"未知的时区 JIPIAO_TIMEZONE={value!r}（例如 Asia/Shanghai）") from err
        return value

    @model_validator(mode="after")
    def _production_needs_setup_token(self) -> Settings:
        if self.environment == "production" and not self.setup_token:
            raise ValueError(
                "生产环境须设置 JIPIAO_SETUP_TOKEN（创建选举所需的口令）/ "
                "JIPIAO_SETUP_TOKEN must be set in production"
            )
        return self
