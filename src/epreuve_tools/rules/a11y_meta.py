"""Accessibility of declared accessibility flags, answer leaks and waivers (A11Y-META).

Registered in `rules/__init__.py`; its rules land in slices of issue #10.
"""
