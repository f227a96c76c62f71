"""cohen_analysis: sourced data and charts around Roberta Cohen's essay on human rights in North Korea.

    >>> import cohen_analysis as ca
    >>> ca.datasets()                 # names of the processed datasets
    >>> ca.load("upr_recommendations")  # a tidy, validated pandas DataFrame
    >>> ca.origin("defectors")        # the sources behind it
"""

from .errors import DataError
from .registry import data_dictionary, datasets, load, origin

__all__ = ["DataError", "data_dictionary", "datasets", "load", "origin"]
__version__ = "0.1.0"
