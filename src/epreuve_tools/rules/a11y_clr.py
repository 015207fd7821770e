"""Accessibility of colour (A11Y-CLR).

Registered in `rules/__init__.py`; its rules land in slices of issue #10.
"""
