// Stand-in for Pix's api/src/shared/domain/errors.js (a large file of unrelated errors), written for
// epreuve-tools' golden harness. It keeps only what the answer-checking modules import, with Pix's names
// and default message: `class DomainError extends Error` and `class YamlParsingError extends DomainError`.
class DomainError extends Error {
  constructor(message) {
    super(message);
  }
}

class YamlParsingError extends DomainError {
  constructor(message = "Une erreur s'est produite lors de l'interprétation des réponses.") {
    super(message);
  }
}

export { DomainError, YamlParsingError };
