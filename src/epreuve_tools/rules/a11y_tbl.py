"""Accessibility of tables (A11Y-TBL).

Registered in `rules/__init__.py`; its rules land in slices of issue #10.
"""
