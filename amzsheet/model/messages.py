"""Customer messages: the seller's templates (the Messages sheet)."""

from __future__ import annotations

import pandas as pd

from amzsheet.contract.messages import DEFAULT_MESSAGES
from amzsheet.contract.schema import MESSAGE_COLUMNS
from amzsheet.contract.tables import conform


def default_messages() -> pd.DataFrame:
    """The Messages table of a new tracker: :data:`~amzsheet.contract.messages.DEFAULT_MESSAGES`."""
    return conform(pd.DataFrame(list(DEFAULT_MESSAGES)), MESSAGE_COLUMNS)
