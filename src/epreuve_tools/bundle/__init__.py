"""Parcours bundles: deterministic packing (`pack`), the archive rules (`archive`), Pix-shaped records."""
