"""Accessibility of image files read with Pillow (A11Y-IMG file checks).

Registered in `rules/__init__.py`; its rules land in slices of issue #10.
"""
