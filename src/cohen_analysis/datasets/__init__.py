"""Cleaner modules, one per topic. Importing this package registers every dataset."""

from . import defectors, prisoners, treaties, upr  # noqa: F401
