"""Accessibility of headings, lists, quotations and layout (A11Y-STR).

Registered in `rules/__init__.py`; its rules land in slices of issue #10.
"""
