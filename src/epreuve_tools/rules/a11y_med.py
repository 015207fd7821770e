"""Accessibility of audio and video (A11Y-MED).

Registered in `rules/__init__.py`; its rules land in slices of issue #10.
"""
