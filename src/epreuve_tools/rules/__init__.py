"""Every rule, registered at import in this explicit order."""

from epreuve_tools.rules import (  # noqa: F401  (imported for their registrations)
    answer_examples,
    answer_hazards,
    answer_probe,
    blank_keys,
    choice_keys,
    files,
    identity,
    loader_codes,
    parcours_refs,
    placeholders,
    proposals,
    referentiel_refs,
    type_options,
)
from epreuve_tools.rules.base import REGISTRY, Rule, Scope

__all__ = ["REGISTRY", "Rule", "Scope"]
