"""Accessibility of language of passages (A11Y-LNG).

Registered in `rules/__init__.py`; its rules land in slices of issue #10.
"""
