"""Per-SKU demand forecasting from weekly unit sales. Pure numpy/pandas, no file I/O.

A demand history is a 1-D array of non-negative units per week, oldest first; its last
element is the most recent complete week and zeros are weeks without sales. A leading
run of NaN means "not listed yet" and is dropped; any other NaN counts as 0.

:func:`choose_forecast` classifies the history (Syntetos-Boylan-Croston), fits the
candidate methods (simple exponential smoothing, Croston with the Syntetos-Boylan
approximation and, for smooth or erratic demand with enough history, a multiplicative
seasonal method), back-tests them on the last weeks (a whole season once there are three)
and keeps the one with the smallest mean absolute error.

Every method is written once, for a 2-D array (one row per SKU, all rows the same
length) and a grid of smoothing constants at a time, so that :func:`forecast_table`
handles thousands of SKUs with one Python loop over the weeks. The one-series public
functions (:func:`ses`, :func:`croston_sba`, :func:`seasonal`) call the same code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

SMOOTH, ERRATIC, INTERMITTENT, LUMPY = "smooth", "erratic", "intermittent", "lumpy"
ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49
SES, SEASONAL, CROSTON_SBA, NO_HISTORY = "SES", "Seasonal", "Croston-SBA", "No history"
SEASON_WEEKS = 52
ALPHAS = (0.05, 0.1, 0.2, 0.3, 0.5)  # the smoothing constants tried for every method
MIN_PERIODS = 4  # shorter histories get NO_HISTORY
BACKTEST_PERIODS = 13  # back-test on the last min(13, len // 4) periods ...
LONG_HISTORY = 3 * SEASON_WEEKS  # ... or, from this many periods on, on the last SEASON_WEEKS periods
SEASONAL_PATTERNS = (SMOOTH, ERRATIC)  # the patterns the seasonal method is a candidate for

_CANDIDATES = (SES, CROSTON_SBA, SEASONAL)  # simplest first: ties go to the earlier one
_TIE = 1e-9  # back-test errors closer than this (relative) are a tie
_COLUMNS = {"method": object, "per_week": float, "error": float, "pattern": object}  # forecast_table's


@dataclass(frozen=True)
class Forecast:
    """The forecast chosen for one SKU.

    ``error`` is the back-test mean absolute error per period of the chosen method, None
    when it could not be back-tested. ``pattern`` is "" when the history has no demand.
    ``alpha`` is the smoothing constant of the chosen method (0.0 for NO_HISTORY).
    """

    method: str
    per_period: float
    error: float | None
    pattern: str
    alpha: float


@dataclass(frozen=True)
class _Fit:
    """One method fitted to a batch of histories: back-test forecasts and the forecast going forward."""

    backtest: np.ndarray  # (rows, back-test periods) one-step forecasts, each from the data before its period
    future: np.ndarray  # (rows,) forecast per period averaged over each row's horizon
    alpha: np.ndarray  # (rows,) alpha chosen on the whole history


# --- input -----------------------------------------------------------------------------------------------------


def _history(history: np.ndarray) -> np.ndarray:
    """The history as a clean float array: leading NaN dropped, other NaN as 0, checked non-negative and finite."""
    values = np.asarray(history, dtype=float)
    if values.ndim != 1:
        raise ValueError(f"a demand history must be 1-D, got shape {values.shape}")
    missing = np.isnan(values)
    values = np.where(missing, 0.0, values)[_listed_from(missing)]
    _check_units(values)
    return values


def _listed_from(missing: np.ndarray) -> slice:
    """The slice that drops a leading run of missing values (the weeks before a SKU was listed)."""
    present = np.flatnonzero(~missing)
    return slice(int(present[0]) if present.size else missing.size, None)


def _check_units(values: np.ndarray) -> None:
    if not np.isfinite(values).all() or (values < 0).any():
        raise ValueError("demand history must hold finite, non-negative units per period")


def _alphas(alpha: float) -> np.ndarray:
    if not 0.0 < alpha <= 1.0:
        raise ValueError(f"alpha must be in (0, 1], got {alpha}")
    return np.array([float(alpha)])


# --- classification --------------------------------------------------------------------------------------------


def _patterns(values: np.ndarray) -> np.ndarray:
    """Syntetos-Boylan-Croston pattern of each row of ``values`` ("" for a row without demand)."""
    if values.shape[1] == 0:
        return np.full(values.shape[0], "", dtype=object)
    demand = values > 0
    count = demand.sum(axis=1)
    has = count > 0
    safe = np.maximum(count, 1)
    adi = (values.shape[1] - np.argmax(demand, axis=1)) / safe
    mean = values.sum(axis=1) / safe
    var = np.where(demand, (values - mean[:, None]) ** 2, 0.0).sum(axis=1) / safe
    cv2 = var / np.where(has, mean, 1.0) ** 2
    sporadic, variable = adi >= ADI_CUTOFF, cv2 >= CV2_CUTOFF
    names = np.select(
        [~sporadic & ~variable, ~sporadic & variable, sporadic & ~variable], [SMOOTH, ERRATIC, INTERMITTENT], LUMPY
    ).astype(object)
    names[~has] = ""
    return names


def demand_pattern(history: np.ndarray) -> str:
    """Syntetos-Boylan-Croston classification of a demand history.

    ADI is the average interval between demands: the number of periods from the first
    period with demand to the end, divided by the number of periods with demand. CV² is
    the squared coefficient of variation of the non-zero demand sizes (population
    variance / mean²). smooth: ADI < 1.32 and CV² < 0.49; erratic: ADI < 1.32 and
    CV² >= 0.49; intermittent: ADI >= 1.32 and CV² < 0.49; lumpy: both at or above.

    :param history: units per period, oldest first.
    :return: one of SMOOTH, ERRATIC, INTERMITTENT, LUMPY; "" when there is no demand at all.
    """
    return str(_patterns(_history(history)[None, :])[0])


# --- the recursions, for a batch of rows and a grid of alphas at once ------------------------------------------


def _levels(values: np.ndarray, alphas: np.ndarray) -> np.ndarray:
    """Exponentially smoothed level of each row for each alpha.

    The level starts at the first value (ℓ_1 = y_1) and is then ℓ_t = α y_t + (1 − α) ℓ_{t−1}.
    Returns shape (rows, alphas, periods + 1): entry t is the level from the first t
    periods, 0 for t = 0.
    """
    rows, periods = values.shape
    a = alphas[None, :]
    out = np.zeros((rows, alphas.size, periods + 1))
    if periods:
        out[:, :, 1] = values[:, :1]
    for t in range(1, periods):
        out[:, :, t + 1] = a * values[:, t, None] + (1 - a) * out[:, :, t]
    return out


def _croston_paths(values: np.ndarray, alphas: np.ndarray) -> np.ndarray:
    """Croston-SBA forecast per period of each row for each alpha after each period.

    Returns shape (rows, alphas, periods + 1): entry t is the forecast made from the first
    t periods, 0 before the first demand.
    """
    rows, periods = values.shape
    a = alphas[None, :]
    out = np.zeros((rows, alphas.size, periods + 1))
    size = np.zeros((rows, alphas.size))
    interval = np.zeros((rows, alphas.size))
    last = np.zeros(rows)
    started = np.zeros(rows, dtype=bool)
    for t in range(periods):
        x = values[:, t, None]
        demand = values[:, t] > 0
        first, update = (demand & ~started)[:, None], (demand & started)[:, None]
        gap = (t - last)[:, None]
        size = np.where(update, a * x + (1 - a) * size, np.where(first, x, size))
        interval = np.where(update, a * gap + (1 - a) * interval, np.where(first, t + 1.0, interval))
        last = np.where(demand, t, last)
        started |= demand
        out[:, :, t + 1] = (1 - a / 2) * size / np.where(started[:, None], interval, 1.0)
    return out


def _seasonal_indices(values: np.ndarray, season: int) -> np.ndarray:
    """Multiplicative seasonal indices of each row, from the full seasons that end with the last period.

    Index j belongs to the periods j, j + season, ... after the last one. Each index is
    the average over the seasons of value / that season's mean (seasons with mean 0 are
    skipped), normalised to average 1; all 1 when every season has mean 0.
    """
    rows, periods = values.shape
    full = periods // season
    blocks = values[:, periods - full * season :].reshape(rows, full, season)
    means = blocks.mean(axis=2)
    used = means > 0
    ratios = np.where(used[:, :, None], blocks / np.where(used, means, 1.0)[:, :, None], 0.0)
    count = used.sum(axis=1)
    raw = ratios.sum(axis=1) / np.maximum(count, 1)[:, None]
    average = raw.mean(axis=1)
    return np.where((count > 0)[:, None], raw / np.where(average > 0, average, 1.0)[:, None], 1.0)


def _seasonal_state(
    values: np.ndarray, alphas: np.ndarray, season: int, first_end: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fit the seasonal method to the first ``end`` periods of each row, for each end from ``first_end`` to the last.

    The fits run together in one pass over the periods, each seeing only the periods
    before its end. Returns the final deseasonalised level (rows, fits, alphas), the
    in-sample one-step squared error (rows, fits, alphas) and the seasonal indices (rows,
    fits, season) of the periods after each end. SES runs on value / index; periods whose
    index is 0 carry no information on the level and do not update it. Every period after
    the first one that does is scored.
    """
    rows, periods = values.shape
    ends = np.arange(first_end, periods + 1)
    indices = np.stack([_seasonal_indices(values[:, :end], season) for end in ends], axis=1)
    # by_period[:, k, t % season] is the index of period t in fit k (its position t - end after the end)
    by_period = indices[:, np.arange(ends.size)[:, None], (np.arange(season)[None, :] - ends[:, None]) % season]
    a = alphas[None, None, :]
    level = np.zeros((rows, ends.size, alphas.size))
    sse = np.zeros_like(level)
    started = np.zeros((rows, ends.size), dtype=bool)
    for t in range(periods):
        k = max(0, t - first_end + 1)  # the fits from k on end after period t
        index, lvl, was = by_period[:, k:, t % season], level[:, k:], started[:, k:]
        y = values[:, t, None, None]
        sse[:, k:] += np.where(was[:, :, None], (y - lvl * index[:, :, None]) ** 2, 0.0)
        valid = index > 0
        x = y / np.where(valid, index, 1.0)[:, :, None]
        lvl[:] = np.where((valid & was)[:, :, None], a * x + (1 - a) * lvl, np.where(valid[:, :, None], x, lvl))
        was |= valid
    return level, sse, indices


def _squared_errors(values: np.ndarray, one_step: np.ndarray, scored: np.ndarray) -> np.ndarray:
    """(rows, alphas, periods) squared one-step errors, 0 where a period is not scored."""
    return np.where(scored[:, None, :], (values[:, None, :] - one_step) ** 2, 0.0)


# --- the public one-series methods -----------------------------------------------------------------------------


def ses(history: np.ndarray, alpha: float) -> float:
    """Simple exponential smoothing: the one-step-ahead forecast (the final level).

    ℓ_t = α y_t + (1 − α) ℓ_{t−1}, with the initial level ℓ_0 = y_1 (notation of Hyndman &
    Athanasopoulos, Forecasting: Principles and Practice, 3rd ed., §8.1).

    :param history: units per period, oldest first.
    :param alpha: smoothing constant in (0, 1].
    :return: forecast units per period; 0.0 for an empty history.
    """
    values = _history(history)
    return float(_levels(values[None, :], _alphas(alpha))[0, 0, -1])


def croston_sba(history: np.ndarray, alpha: float) -> float:
    """Croston's method with the Syntetos-Boylan approximation (SBA).

    The non-zero demand size z and the interval p between demands are smoothed with the
    same alpha, only in periods with demand; the forecast per period is (1 − α/2) · z / p.
    z starts at the first non-zero demand and p at the (1-based) index of its period.

    :param history: units per period, oldest first.
    :param alpha: smoothing constant in (0, 1].
    :return: forecast units per period; 0.0 when there was never any demand.
    """
    return float(_croston_paths(_history(history)[None, :], _alphas(alpha))[0, 0, -1])


def seasonal(history: np.ndarray, alpha: float, season: int = SEASON_WEEKS) -> np.ndarray:
    """Multiplicative seasonal forecasts for the next ``season`` periods.

    Seasonal indices come from the full seasons that end with the last period (each
    position's average of value / its season's mean, normalised to average 1; seasons
    with mean 0 are skipped). Simple exponential smoothing runs on the deseasonalised
    series; the forecast for future period j is level × index of j.

    :param history: units per period, oldest first; at least ``2 * season`` periods.
    :param alpha: smoothing constant in (0, 1].
    :param season: periods per season.
    :return: array of ``season`` forecasts, for the 1st, 2nd, ... period ahead.
    """
    values = _history(history)
    if season < 1 or values.size < 2 * season:
        raise ValueError(f"the seasonal method needs at least 2 * {season} periods, got {values.size}")
    level, _, indices = _seasonal_state(values[None, :], _alphas(alpha), season, values.size)
    return level[0, 0, 0] * indices[0, 0]


# --- fitting and back-testing a batch --------------------------------------------------------------------------


def _pick(paths: np.ndarray, sse_before: np.ndarray, period: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the alpha with the lowest squared error before ``period`` and its forecast of ``period``."""
    best = np.argmin(sse_before[:, :, period], axis=1)
    return paths[np.arange(paths.shape[0]), best, period], best


def _fit_paths(values: np.ndarray, paths: np.ndarray, scored: np.ndarray, n_test: int) -> _Fit:
    """Back-test and forecast a method given its one-step forecasts after each period (SES, Croston)."""
    periods = values.shape[1]
    errors = _squared_errors(values, paths[:, :, :periods], scored)
    sse_before = np.concatenate([np.zeros(errors.shape[:2] + (1,)), np.cumsum(errors, axis=2)], axis=2)
    backtest = np.column_stack([_pick(paths, sse_before, t)[0] for t in range(periods - n_test, periods)])
    future, best = _pick(paths, sse_before, periods)
    return _Fit(backtest, future, np.asarray(ALPHAS)[best])


def _fit_ses(values: np.ndarray, n_test: int) -> _Fit:
    scored = np.arange(values.shape[1]) > 0  # every period after the first, whose value is the initial level
    return _fit_paths(values, _levels(values, np.asarray(ALPHAS)), np.broadcast_to(scored, values.shape), n_test)


def _fit_croston(values: np.ndarray, n_test: int) -> _Fit:
    # Before the first demand both the forecast and the demand are 0; the first demand's error is the same for all
    # alphas. Scoring every period therefore chooses the same alpha as scoring only the forecasts Croston makes.
    return _fit_paths(values, _croston_paths(values, np.asarray(ALPHAS)), np.ones(values.shape, dtype=bool), n_test)


def _horizon_mean(indices: np.ndarray, horizons: np.ndarray) -> np.ndarray:
    """Average of each row's seasonal indices over its next ``horizon`` periods (cycling past one season)."""
    season = indices.shape[1]
    cycled = indices[:, np.arange(int(horizons.max())) % season]
    return np.cumsum(cycled, axis=1)[np.arange(indices.shape[0]), horizons - 1] / horizons


def _fit_seasonal(values: np.ndarray, n_test: int, horizons: np.ndarray, season: int = SEASON_WEEKS) -> _Fit:
    """Back-test the seasonal method by refitting it (indices and alpha) on the data before each back-test period.

    The fits ending before each back-test period and the fit on the whole history run
    together; each takes the alpha of least in-sample squared error.
    """
    periods = values.shape[1]
    level, sse, indices = _seasonal_state(values, np.asarray(ALPHAS), season, periods - n_test)
    best = np.argmin(sse, axis=2)
    level = np.take_along_axis(level, best[:, :, None], axis=2)[:, :, 0]
    future = level[:, -1] * _horizon_mean(indices[:, -1], horizons)
    return _Fit(level[:, :-1] * indices[:, :-1, 0], future, np.asarray(ALPHAS)[best[:, -1]])


def _backtest_periods(periods: int) -> int:
    """A whole season from LONG_HISTORY periods on, so that the back-test of a seasonal SKU holds its peak."""
    return SEASON_WEEKS if periods >= LONG_HISTORY else min(BACKTEST_PERIODS, periods // 4)


def _seasonal_possible(periods: int) -> bool:
    """The seasonal method needs two full seasons before the first back-test period."""
    return periods - _backtest_periods(periods) >= 2 * SEASON_WEEKS


@dataclass(frozen=True)
class _Choice:
    """The chosen forecast of each row of a batch (error NaN and alpha 0.0 where there is none)."""

    method: np.ndarray
    per_period: np.ndarray
    error: np.ndarray
    pattern: np.ndarray
    alpha: np.ndarray


def _choose(values: np.ndarray, horizons: np.ndarray) -> _Choice:
    """Choose and compute the forecast of every row of ``values`` (rows, periods) with clean values."""
    rows, periods = values.shape
    pattern = _patterns(values)
    mean = values.mean(axis=1) if periods else np.zeros(rows)
    choice = _Choice(np.full(rows, NO_HISTORY, dtype=object), mean, np.full(rows, np.nan), pattern, np.zeros(rows))
    fit = (pattern != "") & (periods >= MIN_PERIODS)
    if fit.any():
        _choose_fitted(values[fit], horizons[fit], pattern[fit], choice, np.flatnonzero(fit))
    return choice


def _on_rows(fit: _Fit, rows: np.ndarray) -> _Fit:
    """A fit of the rows ``rows`` (a mask) spread over the whole batch; NaN in the other rows."""
    full = _Fit(np.full((rows.size, fit.backtest.shape[1]), np.nan), np.full(rows.size, np.nan), np.zeros(rows.size))
    full.backtest[rows], full.future[rows], full.alpha[rows] = fit.backtest, fit.future, fit.alpha
    return full


def _candidates(values: np.ndarray, horizons: np.ndarray, pattern: np.ndarray) -> dict[str, tuple[_Fit, np.ndarray]]:
    """Each candidate method's fit, with the rows it is a candidate for (and fitted to: the others hold NaN)."""
    n_test = _backtest_periods(values.shape[1])
    fits = {SES: (_fit_ses(values, n_test), np.ones(values.shape[0], dtype=bool))}
    sporadic = np.isin(pattern, (INTERMITTENT, LUMPY))
    if sporadic.any():
        fits[CROSTON_SBA] = (_on_rows(_fit_croston(values[sporadic], n_test), sporadic), sporadic)
    regular = np.isin(pattern, SEASONAL_PATTERNS)
    if regular.any() and _seasonal_possible(values.shape[1]):
        fit = _fit_seasonal(values[regular], n_test, horizons[regular])
        fits[SEASONAL] = (_on_rows(fit, regular), regular)
    return fits


def _choose_fitted(values: np.ndarray, horizons: np.ndarray, pattern: np.ndarray, out: _Choice, at: np.ndarray) -> None:
    """Fit, back-test and compare the candidates for rows with demand and enough history; write into ``out``."""
    fits = _candidates(values, horizons, pattern)
    actual = values[:, -_backtest_periods(values.shape[1]) :]
    maes = np.full((values.shape[0], len(_CANDIDATES)), np.inf)
    for k, method in enumerate(_CANDIDATES):
        if method in fits:
            fit, allowed = fits[method]
            maes[allowed, k] = np.abs(actual[allowed] - fit.backtest[allowed]).mean(axis=1)
    best = _first_best(maes)
    for k, method in enumerate(_CANDIDATES):
        chosen = best == k
        if chosen.any():
            fit, rows = fits[method][0], at[chosen]
            out.method[rows] = method
            out.per_period[rows] = fit.future[chosen]
            out.error[rows] = maes[chosen, k]
            out.alpha[rows] = fit.alpha[chosen]


def _first_best(maes: np.ndarray) -> np.ndarray:
    """Column of the lowest error per row; errors within a relative 1e-9 of the lowest count as a tie (first wins)."""
    lowest = maes.min(axis=1, keepdims=True)
    return np.argmax(maes <= lowest + _TIE * np.maximum(lowest, 1.0), axis=1)


# --- public entry points ---------------------------------------------------------------------------------------


def _horizon(horizon: int) -> int:
    if int(horizon) != horizon or horizon < 1:
        raise ValueError(f"horizon must be a whole number of periods >= 1, got {horizon}")
    return int(horizon)


def choose_forecast(history: np.ndarray, horizon: int = 1) -> Forecast:
    """Choose the forecasting method for one SKU by back-test and forecast its demand.

    Candidates: SES always; Croston-SBA when the pattern is intermittent or lumpy;
    Seasonal when the pattern is smooth or erratic and there are two full seasons
    (2 × SEASON_WEEKS periods) before the first back-test period. Each candidate's alpha
    is chosen from :data:`ALPHAS` by in-sample one-step squared error. The back-test
    makes rolling-origin one-step forecasts of the last SEASON_WEEKS periods when the
    history has at least LONG_HISTORY (3 × SEASON_WEEKS) periods, else of the last
    min(13, len // 4), each from the data before its period only (alpha, and the
    seasonal indices, are chosen again at each origin). The candidate with the lowest
    mean absolute error per period wins; ties go to the simpler one (SES, Croston-SBA,
    Seasonal). A history without demand or shorter than 4 periods gets NO_HISTORY: its
    mean (0.0 when empty) and no error.

    :param history: units per period (week), oldest first, last = most recent complete period.
    :param horizon: periods to average the forecast over (>= 1).
    :return: the chosen :class:`Forecast`.
    """
    choice = _choose(_history(history)[None, :], np.array([_horizon(horizon)]))
    error = float(choice.error[0])
    return Forecast(
        method=str(choice.method[0]),
        per_period=float(choice.per_period[0]),
        error=None if np.isnan(error) else error,
        pattern=str(choice.pattern[0]),
        alpha=float(choice.alpha[0]),
    )


def _table_horizons(horizons: pd.Series | None, index: pd.Index) -> np.ndarray:
    if horizons is None:
        return np.ones(len(index), dtype=int)
    values = pd.to_numeric(horizons.reindex(index), errors="raise").fillna(1).to_numpy(dtype=float)
    if (values < 1).any() or (values != np.round(values)).any():
        raise ValueError("horizons must be whole numbers of weeks >= 1")
    return values.astype(int)


def forecast_table(weekly: pd.DataFrame, horizons: pd.Series | None = None) -> pd.DataFrame:
    """Forecast every SKU of a weekly sales table with :func:`choose_forecast`'s rules.

    A SKU's leading NaN weeks are taken as "not listed yet" and dropped; other NaN count as 0.

    :param weekly: one row per SKU key (the index), one column per week, oldest first.
    :param horizons: weeks of horizon per SKU key; missing keys and None mean 1.
    :return: DataFrame indexed like ``weekly`` with columns "method", "per_week", "error"
        (NaN where there is none) and "pattern".
    """
    values = weekly.to_numpy(dtype=float, na_value=np.nan)
    horizon = _table_horizons(horizons, weekly.index)
    missing = np.isnan(values)
    listed = values.shape[1] - np.cumprod(missing, axis=1).sum(axis=1)  # weeks from the first one that is not NaN
    values = np.where(missing, 0.0, values)
    _check_units(values)
    result = {name: np.empty(len(weekly), dtype=dtype) for name, dtype in _COLUMNS.items()}
    for length in np.unique(listed):
        rows = np.flatnonzero(listed == length)
        choice = _choose(values[rows][:, values.shape[1] - length :], horizon[rows])
        for name, source in zip(_COLUMNS, (choice.method, choice.per_period, choice.error, choice.pattern)):
            result[name][rows] = source
    return pd.DataFrame(result, index=weekly.index)
