"""Great Expectations suites run on pandas DataFrames: the one module that imports GX.

Suites are JSON files in ``expectations/`` (one per dataset), loaded by name. Each
expectation's ``meta`` says what a failure means for credit: a finding ``code``, its
``severity`` and a ``message`` template filled from the failing row (``{period}``, ``{gap}``
…). Great Expectations is imported on first use only: it costs seconds to import.
"""

from __future__ import annotations

import json
import logging
import math
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel

from credit_dd.errors import PolicyError
from credit_dd.settings import SUITES

_LOCK = threading.Lock()


class ExpectationOutcome(BaseModel):
    """One expectation's result, with the failing rows as dicts."""

    suite: str
    expectation: str
    column: str | None
    success: bool
    meta: dict[str, Any]
    failing_rows: list[dict[str, Any]]


def read_suite(name: str, folder: Path = SUITES) -> dict[str, Any]:
    """A suite's JSON by name (``bank_transactions`` → ``expectations/bank_transactions.json``)."""
    path = folder / f"{name}.json"
    try:
        suite = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise PolicyError(f"expectation suite {name}: cannot be read ({exc})") from None
    if suite.get("name") != name or not isinstance(suite.get("expectations"), list):
        raise PolicyError(f"expectation suite {name}: needs a matching name and a list of expectations")
    return suite


@lru_cache(maxsize=1)
def _context() -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def warm_up() -> None:
    """Import Great Expectations and make its context now: a start-up cost (about 2.5 s) a caller
    can pay while it waits for something else."""
    _context()


def _batch_definition(name: str) -> Any:
    context = _context()
    try:
        source = context.data_sources.get("credit-dd")
    except (KeyError, ValueError):
        source = context.data_sources.add_pandas("credit-dd")
    try:
        asset = source.get_asset(name)
    except (LookupError, ValueError):
        asset = source.add_dataframe_asset(name=name)
    try:
        return asset.get_batch_definition("whole")
    except (KeyError, ValueError, LookupError):
        return asset.add_batch_definition_whole_dataframe("whole")


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value.isoformat() if hasattr(value, "isoformat") else value


def run_suite(name: str, frame: pd.DataFrame, folder: Path = SUITES) -> list[ExpectationOutcome]:
    """Validate ``frame`` against the suite ``name``; an empty frame passes trivially."""
    suite_json = read_suite(name, folder)
    if frame.empty:
        return [
            ExpectationOutcome(
                suite=name,
                expectation=e["type"],
                column=e["kwargs"].get("column"),
                success=True,
                meta=e.get("meta", {}),
                failing_rows=[],
            )
            for e in suite_json["expectations"]
        ]
    from great_expectations.core.expectation_suite import ExpectationSuite
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    suite = ExpectationSuite(
        name=name, expectations=[ExpectationConfiguration(**e) for e in suite_json["expectations"]]
    )
    frame = frame.reset_index(drop=True)
    with _LOCK:  # the ephemeral context is not documented as thread-safe
        result = (
            _batch_definition(name)
            .get_batch(batch_parameters={"dataframe": frame})
            .validate(suite, result_format={"result_format": "COMPLETE"})
        )
    outcomes = []
    for item in result.results:
        config = item.expectation_config
        indexes = item.result.get("unexpected_index_list") or []
        rows = [
            {k: _clean(v) for k, v in frame.iloc[int(i)].to_dict().items()}
            for i in indexes
            if isinstance(i, int | float)
        ]
        outcomes.append(
            ExpectationOutcome(
                suite=name,
                expectation=config.type,
                column=config.kwargs.get("column"),
                success=bool(item.success),
                meta=dict(config.meta or {}),
                failing_rows=rows,
            )
        )
    return outcomes
