"""Analysis functions the notebooks use, one module per topic (tested in tests/test_analysis_*.py)."""
