"""Let the pure functions that take Series take plain numbers too, as a notebook calls them.

``planning.reorder_point(2.8, 21, 24)`` is 83.0, as ``planning.reorder_point(Series, Series, Series)``
is a Series of them.
"""

from __future__ import annotations

import functools
import inspect
import numbers
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd

F = TypeVar("F", bound=Callable[..., Any])


def accepts_numbers(function: F) -> F:
    """Wrap ``function`` so that each of its ``pd.Series`` parameters also takes a plain number.

    When no Series is given, the numbers become one-element Series and the result is returned as a
    plain value (a float, a string, a Timestamp, NaN for blank); otherwise numbers are broadcast.
    """
    signature = inspect.signature(function)
    series_parameters = {name for name, p in signature.parameters.items() if "pd.Series" in str(p.annotation)}

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(*args, **kwargs)
        given = {name: value for name, value in bound.arguments.items() if name in series_parameters}
        index = next((value.index for value in given.values() if isinstance(value, pd.Series)), None)
        for name, value in given.items():
            if _is_number(value):
                bound.arguments[name] = pd.Series([value] * (1 if index is None else len(index)), index=index)
                bound.arguments[name] = bound.arguments[name].astype("float64")
        result = function(*bound.args, **bound.kwargs)
        return _plain(result.iloc[0]) if index is None and isinstance(result, pd.Series) else result

    return wrapper  # type: ignore[return-value]


def _is_number(value: object) -> bool:
    return value is None or (isinstance(value, numbers.Real) and not isinstance(value, bool))


def _plain(value: object) -> object:
    """A NumPy scalar as the Python value it stands for."""
    return value.item() if hasattr(value, "item") and not isinstance(value, pd.Timestamp) else value
