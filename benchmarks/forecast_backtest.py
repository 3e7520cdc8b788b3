"""Benchmark: how well does :mod:`amzsheet.model.forecast` recover KNOWN demand, and how fast is it?

This is a benchmark script, not a test. It generates weekly sales histories whose true
mean demand is known, forecasts them with :func:`amzsheet.model.forecast.forecast_table`, and
prints one row per kind of SKU:

- ``true/wk``: the true mean demand per week over the forecast horizon;
- ``forecast/wk``: the average forecast per week;
- ``|fc-true|``: the average absolute difference between forecast and true mean (units per week);
- ``Forecast Error``: the average of the reported back-test error (what the seller sees);
- ``holdout MAE``: the average miss per week against the demand that then happened in
  the horizon weeks (generated, but not shown to the forecast);
- the number of SKUs that got each method.

Then it times ``forecast_table`` for ``--timing-skus`` SKUs with 104 weeks (a mix of the
kinds) and with 156 weeks (where the seasonal method is a candidate too, and the back-test
covers the last 52 weeks instead of 13).

Run it from the project root::

    python benchmarks/forecast_backtest.py [--skus 500] [--timing-skus 2000] [--repeats 5] [--seed 20261125]
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from amzsheet.model.forecast import CROSTON_SBA, NO_HISTORY, SEASONAL, SES, forecast_table  # noqa: E402

SEED = 20261125
PEAK_WEEKS = range(45, 53)  # weeks 45-52 of the year: the holiday peak
METHODS = (SES, CROSTON_SBA, SEASONAL, NO_HISTORY)


@dataclass(frozen=True)
class Kind:
    """A kind of SKU: how many weeks of history, the horizon, and the true mean demand of every future week."""

    name: str
    weeks: int
    horizon: int
    mean: Callable[[np.ndarray], np.ndarray]  # true mean demand of each week (0-based, oldest first)
    draw: Callable[[np.random.Generator, np.ndarray], np.ndarray]  # (skus, weeks) demand from the true means


def _poisson(rng: np.random.Generator, mean: np.ndarray) -> np.ndarray:
    return rng.poisson(mean).astype(float)


def _intermittent(
    sizes: tuple[int, ...], probability: float
) -> Callable[[np.random.Generator, np.ndarray], np.ndarray]:
    """Demand in a week with ``probability``, its size drawn uniformly from ``sizes``."""

    def draw(rng: np.random.Generator, mean: np.ndarray) -> np.ndarray:
        occurs = rng.random(mean.shape) < probability
        return np.where(occurs, rng.choice(np.asarray(sizes, dtype=float), size=mean.shape), 0.0)

    return draw


def _flat(level: float) -> Callable[[np.ndarray], np.ndarray]:
    return lambda t: np.full(t.shape, level)


def _seasonal(
    weeks: int, last_week_of_year: int, low: float = 10.0, peak: float = 50.0
) -> Callable[[np.ndarray], np.ndarray]:
    """``low`` units a week, ``peak`` in weeks 45-52 of the year; the last history week is ``last_week_of_year``.

    The seasonal kinds are 10 and 50 a week; the slow one 0.5 and 5, which makes it intermittent or lumpy.
    """

    def mean(t: np.ndarray) -> np.ndarray:
        week_of_year = (t - (weeks - 1) + last_week_of_year - 1) % 52 + 1
        return np.where(np.isin(week_of_year, PEAK_WEEKS), peak, low)

    return mean


def _kinds() -> list[Kind]:
    sizes_i, sizes_l = (1, 2, 3, 4, 5), (1, 2, 25)
    return [
        Kind("steady Poisson 20", 104, 1, _flat(20.0), _poisson),
        Kind("intermittent p=.25 x 1..5", 104, 1, _flat(0.25 * 3), _intermittent(sizes_i, 0.25)),
        Kind("lumpy p=.2 x {1,2,25}", 104, 1, _flat(0.2 * 28 / 3), _intermittent(sizes_l, 0.2)),
        Kind("steady Poisson 20, 3y", 156, 1, _flat(20.0), _poisson),
        Kind("intermittent, 3y", 156, 1, _flat(0.25 * 3), _intermittent(sizes_i, 0.25)),
        Kind("seasonal 3y, ends wk 48", 156, 4, _seasonal(156, 48), _poisson),
        Kind("seasonal 3y, ends wk 44", 156, 8, _seasonal(156, 44), _poisson),
        Kind("seasonal 3y, ends wk 36", 156, 16, _seasonal(156, 36), _poisson),
        Kind("seasonal 2y, ends wk 44", 104, 8, _seasonal(104, 44), _poisson),
        Kind("slow seasonal 3y 0.5/5", 156, 8, _seasonal(156, 44, 0.5, 5.0), _poisson),
        Kind("new SKU, 2 weeks", 2, 1, _flat(20.0), _poisson),
    ]


def generate(kind: Kind, skus: int, rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Histories (SKUs x weeks), the realised demand of the horizon weeks, and the true mean over the horizon."""
    t = np.arange(kind.weeks + kind.horizon)
    mean = kind.mean(t)
    demand = kind.draw(rng, np.broadcast_to(mean, (skus, t.size)))
    weekly = pd.DataFrame(demand[:, : kind.weeks], index=[f"{kind.name}#{i}" for i in range(skus)])
    return weekly, demand[:, kind.weeks :], mean[kind.weeks :]


def evaluate(kind: Kind, skus: int, rng: np.random.Generator) -> dict[str, object]:
    """One table row: forecast accuracy against the truth and the holdout, and the methods chosen."""
    weekly, holdout, true_mean = generate(kind, skus, rng)
    table = forecast_table(weekly, pd.Series(kind.horizon, index=weekly.index))
    forecast = table["per_week"].to_numpy()
    truth = float(true_mean.mean())
    counts = table["method"].value_counts()
    return {
        "kind": kind.name,
        "weeks": kind.weeks,
        "horizon": kind.horizon,
        "true/wk": truth,
        "forecast/wk": float(forecast.mean()),
        "|fc-true|": float(np.abs(forecast - truth).mean()),
        "Forecast Error": float(table["error"].mean()) if table["error"].notna().any() else float("nan"),
        "holdout MAE": float(np.abs(holdout - forecast[:, None]).mean()),
        **{method: int(counts.get(method, 0)) for method in METHODS},
    }


def timing_table(skus: int, weeks: int, rng: np.random.Generator) -> pd.DataFrame:
    """``skus`` SKUs x ``weeks`` weeks, a quarter each steady, intermittent, lumpy and seasonal; 5 % listed lately."""
    steady, intermittent, lumpy = _kinds()[:3]
    draws = [(k.mean, k.draw) for k in (steady, intermittent, lumpy)] + [(_seasonal(weeks, 44), _poisson)]
    t = np.arange(weeks)
    values = np.concatenate(
        [
            draw(rng, np.broadcast_to(mean(t), (len(part), weeks)))
            for (mean, draw), part in zip(draws, np.array_split(np.arange(skus), 4))
        ]
    )
    new = rng.random(skus) < 0.05  # listed in the last 1-10 weeks: NaN before
    listed = rng.integers(1, 11, skus)
    values[new[:, None] & (t[None, :] < weeks - listed[:, None])] = np.nan
    return pd.DataFrame(values, index=[f"SKU-{i:05d}" for i in range(skus)])


def best_time(weekly: pd.DataFrame, repeats: int) -> tuple[float, pd.DataFrame]:
    """Best wall-clock seconds of ``repeats`` runs of forecast_table, and its result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = forecast_table(weekly, pd.Series(4, index=weekly.index))
        times.append(time.perf_counter() - start)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=500, help="SKUs per kind for the accuracy table")
    parser.add_argument("--timing-skus", type=int, default=2000, help="SKUs in the timed table")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs (the best is reported)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)

    rows = pd.DataFrame([evaluate(kind, args.skus, rng) for kind in _kinds()])
    print(f"Accuracy: {args.skus} generated SKUs per kind, seed {args.seed}")
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.float_format", "{:.2f}".format):
        print(rows.to_string(index=False))

    print(f"\nTiming: forecast_table, horizon 4, best of {args.repeats} runs")
    print(f"Python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}")
    for weeks in (104, 156):
        seconds, result = best_time(timing_table(args.timing_skus, weeks, rng), args.repeats)
        methods = ", ".join(f"{m} {n}" for m, n in result["method"].value_counts().items())
        print(f"{args.timing_skus} SKUs x {weeks} weeks: {seconds:.3f} s  ({methods})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
