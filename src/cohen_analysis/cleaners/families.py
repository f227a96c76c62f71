"""Transition shim: the families datasets are built by ``steps/families.py``; the aid cleaner still imports these four parsers (remove with it)."""

import pandas as pd

from .. import parse
from ..parse import Figure


def parse_figure(text, *, file, row, column, allow_alternative=False) -> Figure:
    return parse.figures(pd.DataFrame({column: [text]}, index=[row]), column, file=file, allow_alternative=allow_alternative).iloc[0]


def parse_whole(fig: Figure, *, file, row, column) -> int | None:
    value = parse.wholes(pd.Series([fig], index=[row]), file=file, column=column).iloc[0]
    return None if pd.isna(value) else int(value)


def parse_date(text, *, file, row, column):
    date, precision = parse.dates(pd.DataFrame({column: [text]}, index=[row]), column, file=file)
    return (None, None) if pd.isna(date.iloc[0]) else (date.iloc[0], precision.iloc[0])


def yes_no(frame: pd.DataFrame, column: str, *, file) -> pd.arrays.BooleanArray:
    return pd.array((parse.choices(frame, column, ["yes", "no"], file=file) == "yes").tolist(), dtype="boolean")
