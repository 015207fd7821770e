"""Accessibility of time limits (A11Y-TIM).

Registered in `rules/__init__.py`; its rules land in slices of issue #10.
"""
