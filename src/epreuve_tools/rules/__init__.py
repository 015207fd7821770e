"""Every rule, registered at import in this explicit order.

The loaders' codes live in `epreuve_tools.loader_codes`, outside this package so that the parsers
import them without importing every rule; they are imported here so that `REGISTRY` is complete.
"""

from epreuve_tools import loader_codes  # noqa: F401  (imported for its registrations)
from epreuve_tools.registry import REGISTRY, Rule, Scope, document_checks
from epreuve_tools.rules import (  # noqa: F401  (imported for their registrations)
    a11y_att,
    a11y_clr,
    a11y_clr_images,
    a11y_emb,
    a11y_frm,
    a11y_img,
    a11y_lng,
    a11y_lnk,
    a11y_med,
    a11y_meta,
    a11y_mov,
    a11y_pix,
    a11y_prs,
    a11y_sns,
    a11y_str,
    a11y_tbl,
    a11y_tim,
    a11y_txt,
    answer_examples,
    answer_hazards,
    answer_probe,
    blank_keys,
    choice_keys,
    files,
    identity,
    item_above,
    item_clang,
    item_determiners,
    item_duplicates,
    item_format,
    item_grammar,
    item_leaks,
    item_length,
    item_negative,
    item_position,
    parcours_refs,
    placeholders,
    proposals,
    referentiel_refs,
    sec_html,
    type_options,
    typography,
)

__all__ = ["REGISTRY", "Rule", "Scope", "document_checks"]
