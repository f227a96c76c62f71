"""cohen_analysis: sourced data and charts around Roberta Cohen's essay on human rights in North Korea.

    >>> import cohen_analysis as ca
    >>> ca.datasets()                   # names of the processed datasets
    >>> ca.load("upr_recommendations")  # a tidy, validated pandas DataFrame
    >>> ca.origin("defectors")          # the sources behind it
    >>> ca.describe("defectors")        # what it holds: key, columns with types and units, coverage

Importing the package is cheap: pandas and the steps load on first use.
"""

from __future__ import annotations

from .errors import DataError

__all__ = ["DataError", "data_dictionary", "datasets", "describe", "load", "origin"]
__version__ = "0.1.0"


def load(name: str):
    """The processed dataset ``name`` as a DataFrame, rebuilt first when missing or out of date."""
    from .registry import load as _load

    return _load(name)


def origin(name: str | None = None):
    """The origin metadata (producer, title, citation, URL, dates) of every raw file behind ``name``
    (of every dataset when no name is given); it prints as a readable list of sources."""
    from .registry import origin as _origin

    return _origin(name)


def describe(name: str) -> None:
    """Print a readable summary of ``name``: what it holds, its key, columns, coverage and sources."""
    from .registry import describe as _describe

    print(_describe(name))


def datasets() -> list[str]:
    """Names of every processed dataset, sorted."""
    from .registry import datasets as _datasets

    return _datasets()


def data_dictionary() -> dict:
    """Every dataset with its description, columns and sources."""
    from .registry import data_dictionary as _dd

    return _dd()
