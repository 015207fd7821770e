"""Accessibility of embedded content and simulators (A11Y-EMB).

Registered in `rules/__init__.py`; its rules land in slices of issue #10.
"""
