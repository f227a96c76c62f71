"""Importing this package registers every dataset (transition shim; topic modules move here)."""

import importlib
import pkgutil
import sys

import cohen_analysis

_function = cohen_analysis.__dict__.get("datasets")
_topics = importlib.import_module("cohen_analysis.datasets")
for _module in sorted(m.name for m in pkgutil.iter_modules(_topics.__path__)):
    importlib.import_module(f"cohen_analysis.datasets.{_module}")
if callable(_function):
    cohen_analysis.datasets = _function  # importing the subpackage rebinds the name; keep the function
