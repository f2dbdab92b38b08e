"""One Prefect test harness for the whole session, with the flow heartbeat off."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
from prefect.testing.utilities import prefect_test_harness


@pytest.fixture(scope="session", autouse=True)
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect API and database shared by every flow test."""
    with (
        temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}),
        prefect_test_harness(server_startup_timeout=60),
    ):
        yield
