"""The settings a run works with, resolved one way for every flow and task.

What the command gave comes first (``serve --roster``, ``--governance``, carried to its runs as
deployment parameters); then this process's environment (``CREDIT_DD_ROSTER`` when the settings
name the packaged sample roster; ``CREDIT_DD_SIGNING_KEY`` or ``CREDIT_DD_SIGNING_KEY_FILE``);
then, for the signing key, the Prefect Secret block ``credit-dd-signing-key``. The key is never a
parameter (it would be stored in Prefect's database): a run, a worker and the dashboard's review
task each resolve it here, the same way.
"""

from __future__ import annotations

import os
from pathlib import Path

from prefect.blocks.system import Secret
from prefect.client.orchestration import SyncPrefectClient
from prefect.context import FlowRunContext
from prefect.exceptions import ObjectNotFound
from pydantic import SecretStr

from credit_dd.package.signing import signing_key_from_env
from credit_dd.settings import DEFAULT_ROSTER, ROSTER_ENV, SIGNING_KEY_BLOCK, Settings


def resolved(settings: Settings | None) -> Settings:
    """The settings with the roster and the signing key filled in as the CLI would."""
    settings = settings or Settings()
    if settings.roster_path == DEFAULT_ROSTER and os.environ.get(ROSTER_ENV):
        settings = settings.model_copy(update={"roster_path": Path(os.environ[ROSTER_ENV])})
    return with_signing_key(settings)


def with_signing_key(settings: Settings) -> Settings:
    """The settings with the signing key: from settings first, else this process's environment
    (a worker's own, when the settings came without it), else the Prefect Secret block
    ``credit-dd-signing-key``; without any the package says it is unsigned."""
    if settings.signing_key is not None:
        return settings
    if (own := signing_key_from_env()) is not None:
        return settings.model_copy(update={"signing_key": own})
    value = _secret_block()
    return settings if value is None else settings.model_copy(update={"signing_key": SecretStr(value)})


def _secret_block() -> str | None:
    context = FlowRunContext.get()
    client = context.client if context else None
    if isinstance(client, SyncPrefectClient):  # in a run, its own client: a new one costs ~70 ms
        try:
            block = client.read_block_document_by_name(SIGNING_KEY_BLOCK, Secret.get_block_type_slug())
        except ObjectNotFound:
            return None
        return str(block.data["value"])
    try:
        return str(Secret.load(SIGNING_KEY_BLOCK).get())  # type: ignore[union-attr]
    except ValueError:  # no such block
        return None
