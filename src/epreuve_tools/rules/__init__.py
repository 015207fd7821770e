"""Every rule, registered at import in this explicit order.

The loaders' codes live in `epreuve_tools.loader_codes`, outside this package so that the parsers
import them without importing every rule; they are imported here so that `REGISTRY` is complete.
"""

from epreuve_tools import loader_codes  # noqa: F401  (imported for its registrations)
from epreuve_tools.registry import REGISTRY, Rule, Scope
from epreuve_tools.rules import (  # noqa: F401  (imported for their registrations)
    a11y_frm,
    a11y_img,
    a11y_lnk,
    a11y_prs,
    answer_examples,
    answer_hazards,
    answer_probe,
    blank_keys,
    choice_keys,
    files,
    identity,
    parcours_refs,
    placeholders,
    proposals,
    referentiel_refs,
    sec_html,
    type_options,
)

__all__ = ["REGISTRY", "Rule", "Scope"]
