"""Accessibility of moving and flashing content (A11Y-MOV).

Registered in `rules/__init__.py`; its rules land in slices of issue #10.
"""
