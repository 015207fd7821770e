"""Accessibility of text and cognition (A11Y-TXT).

Registered in `rules/__init__.py`; its rules land in slices of issue #10.
"""
