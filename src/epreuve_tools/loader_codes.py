"""Codes reported while reading files, before any rule runs: the loaders emit through these rules.

`INVALID_YAML.finding(span, message, hint)` rather than a `Finding` with a literal code, so that a
code nobody registered (or misspelt) cannot be reported. This module is outside the `rules` package
and light (it imports only the registry), since the parsers import it.
"""

from __future__ import annotations

from epreuve_tools.diagnostics import INTERNAL_ERROR_CODE, Severity
from epreuve_tools.registry import describe

NOT_UTF8 = describe(
    "PARSE-001",
    "not-utf8",
    Severity.ERROR,
    """
    Le fichier n'est pas encodé en UTF-8.

    Pourquoi : une épreuve est lue en UTF-8 ; un fichier enregistré en Latin-1 ou Windows-1252 affiche
    des caractères faux aux apprenants. Le message donne l'octet fautif et sa position.
    Correction : réenregistrez le fichier en UTF-8 (le BOM et les fins de ligne CRLF sont acceptés).
    """,
)
BINARY_FILE = describe(
    "PARSE-002",
    "binary-file",
    Severity.ERROR,
    """
    Le fichier est binaire ou contient un octet NUL.

    Pourquoi : une image, un PDF ou un fichier corrompu n'est pas une épreuve.
    Correction : une image ou une pièce jointe se référence depuis l'en-tête (`illustration`, `attachments`).
    """,
)
EMPTY_FILE = describe(
    "PARSE-003",
    "empty-file",
    Severity.ERROR,
    """
    Le fichier est vide.

    Correction : `epreuve new TYPE FICHIER` écrit un squelette valide à compléter.
    """,
)
MISSING_FRONT_MATTER = describe(
    "PARSE-004",
    "missing-front-matter",
    Severity.ERROR,
    """
    L'en-tête YAML est absent ou n'est pas fermé.

    Une épreuve commence par une ligne `---`, ses clés (id, type, competence…) puis une ligne `---`.
    Bon :
        ---
        id: mon-epreuve
        ...
        ---
    """,
)
INVALID_YAML = describe(
    "PARSE-005",
    "invalid-yaml",
    Severity.ERROR,
    """
    L'en-tête n'est pas du YAML valide.

    Le message reprend la ligne et la colonne où YAML s'est arrêté : guillemets non fermés, deux-points
    dans une valeur non entre guillemets, indentation décalée, tabulations…
    """,
)
DUPLICATE_KEY = describe(
    "PARSE-006",
    "duplicate-key",
    Severity.ERROR,
    """
    Une clé apparaît deux fois dans le même dictionnaire de l'en-tête.

    Pourquoi : YAML ne garderait que la dernière valeur, et la première serait perdue sans bruit.
    """,
)
FILE_TOO_LARGE = describe(
    "PARSE-007",
    "file-too-large",
    Severity.ERROR,
    """
    Le fichier dépasse la taille maximale d'une épreuve (1 Mio).

    Pourquoi : une épreuve tient en quelques kilo-octets ; la limite protège la chaîne d'outils
    d'un fichier hostile ou d'un collage accidentel.
    """,
)
FORBIDDEN_YAML_TAG = describe(
    "PARSE-008",
    "forbidden-yaml-tag",
    Severity.ERROR,
    """
    L'en-tête utilise une étiquette YAML (`!!python/object`, `!!binary`, `!perso`…).

    Pourquoi : les étiquettes permettent de construire des objets arbitraires ; elles sont refusées
    sans rien exécuter. Seules les étiquettes standard (`!!str`, `!!int`…) sont admises.
    """,
)
YAML_TOO_COMPLEX = describe(
    "PARSE-009",
    "yaml-too-complex",
    Severity.ERROR,
    """
    L'en-tête est trop imbriqué ou ses alias YAML se développent en trop de valeurs.

    Pourquoi : une « bombe » d'alias (billion laughs) ferait exploser la mémoire ; elle est refusée vite.
    Correction : n'utilisez pas d'ancres et d'alias (`&a`, `*a`) en cascade.
    """,
)
FRONT_MATTER_NOT_MAPPING = describe(
    "PARSE-010",
    "front-matter-not-mapping",
    Severity.ERROR,
    """
    L'en-tête n'est pas un dictionnaire de clés.

    Bon : `id: mon-epreuve` sur une ligne, `type: qcu` sur la suivante… Mauvais : une liste `- id`.
    """,
)
UNREADABLE_PATH = describe(
    "PARSE-011",
    "unreadable-path",
    Severity.ERROR,
    """
    Un dossier ou une entrée de l'arbre de contenu ne peut pas être lu : dossier sans droit de lecture,
    lien symbolique en boucle ou vers un dossier déjà parcouru, tube nommé ou périphérique nommé comme
    une épreuve.

    Pourquoi : sans ce diagnostic, les épreuves d'un dossier illisible seraient sautées en silence, et
    un tube nommé `x.md` bloquerait la vérification pour toujours. Seuls les fichiers ordinaires sont
    lus, jamais au-delà de la taille maximale d'une épreuve.
    Correction : rendez le dossier lisible, supprimez le lien ou l'entrée spéciale, ou excluez le
    chemin (`exclude` dans la configuration).
    """,
)
BODY_TOO_COMPLEX = describe(
    "PARSE-012",
    "body-too-complex",
    Severity.ERROR,
    """
    Le corps de l'épreuve compte plus de 20 000 lignes et signes de mise en forme.

    Les signes comptés sont ceux qui ouvrent une mise en forme : `[`, `]`, `!`, `*`, `_`, `` ` ``,
    `<`, `&`, `\\`, `{` et `}`. Pourquoi : l'analyse du Markdown coûte jusqu'à 25 µs par ligne ou par
    signe ; sans limite, un fichier de moins de 1 Mio (un demi-million de `![`) tiendrait la vérification
    pendant des dizaines de secondes. Une épreuve réelle en compte quelques centaines. Le message
    montre où la limite est atteinte ; le reste de l'épreuve n'est pas vérifié.
    Mauvais : un document entier collé dans la consigne, des milliers de `![` ou de `*`.
    Bon : une consigne de quelques paragraphes ; un long document en pièce jointe (`attachments`).
    """,
)

MISSING_KEY = describe(
    "SCHEMA-001",
    "missing-key",
    Severity.ERROR,
    """
    Une clé obligatoire manque dans l'en-tête (id, type, competence, tube, level, status, answer…).

    L'aide du message reprend la description de la clé dans le schéma.
    """,
)
UNKNOWN_KEY = describe(
    "SCHEMA-002",
    "unknown-key",
    Severity.ERROR,
    """
    Une clé inconnue figure dans l'en-tête : faute de frappe ou clé d'un autre format.

    Le message propose la clé connue la plus proche (« levle » → « level »).
    """,
)
WRONG_TYPE = describe(
    "SCHEMA-003",
    "wrong-type",
    Severity.ERROR,
    """
    Une valeur n'a pas le bon type : un texte au lieu d'un nombre, un nombre au lieu d'un texte…

    Piège fréquent : `competence: 3.1` est lu comme un nombre ; écrivez `competence: "3.1"`.
    """,
)
INVALID_VALUE = describe(
    "SCHEMA-004",
    "invalid-value",
    Severity.ERROR,
    """
    Une valeur est hors des valeurs permises : niveau hors de 1 à 8, statut inconnu, format d'identifiant…

    Le message nomme la clé et les valeurs permises.
    """,
)

UNCLOSED_BLANK = describe(
    "BLANK-001",
    "unclosed-blank",
    Severity.ERROR,
    """
    Un champ `${` n'est pas fermé par `}` sur la même ligne.

    Pix cherche les champs ligne par ligne : un champ ouvert n'est pas reconnu et s'affiche tel quel.
    """,
)
DUPLICATE_BLANK_KEY = describe(
    "BLANK-002",
    "duplicate-blank-key",
    Severity.ERROR,
    """
    Deux champs portent la même clé.

    Chaque champ a sa clé, reprise dans `answer` : deux champs de même clé se confondraient.
    """,
)
UNKNOWN_BLANK_ATTRIBUTE = describe(
    "BLANK-003",
    "unknown-blank-attribute",
    Severity.ERROR,
    """
    Un champ utilise un attribut inconnu : seuls `value="…"` et `options=[…]` existent.

    Bon : `${ville options=["Paris", "Lyon"]}`. Mauvais : `${ville choix=[…]}`.
    Un attribut écrit avec sa valeur après une indication ou un libellé est signalé aussi :
    `${x§Votre choix optons=["Oui","Non"]}` serait affiché comme du texte par Pix, et le menu
    déroulant deviendrait un champ libre. L'aide propose l'attribut le plus proche.
    """,
)
MALFORMED_BLANK = describe(
    "BLANK-004",
    "malformed-blank",
    Severity.ERROR,
    """
    Un champ est mal écrit : clé manquante, guillemet non fermé, liste d'options mal formée…

    Syntaxe : `${clé#indication§libellé accessible value="défaut" options=["a","b"]}`, dans cet ordre.
    """,
)

UNKNOWN_CONTAINER = describe(
    "BODY-001",
    "unknown-container",
    Severity.ERROR,
    """
    Le corps contient un bloc `:::` inconnu ou une ligne `:::` isolée.

    Blocs possibles : `::: propositions` (obligatoire) et `::: correction`.
    """,
)
UNCLOSED_CONTAINER = describe(
    "BODY-002",
    "unclosed-container",
    Severity.ERROR,
    """
    Un bloc `::: propositions` ou `::: correction` n'est pas fermé par une ligne `:::`.

    Tout le reste du fichier serait pris dans le bloc ; un `::: correction` ouvert avant la ligne
    `:::` des propositions serait lu comme une partie des propositions.
    """,
)
DUPLICATE_CONTAINER = describe(
    "BODY-003",
    "duplicate-container",
    Severity.ERROR,
    """
    Le même bloc (`propositions` ou `correction`) est ouvert deux fois.
    """,
)

INTERNAL_ERROR = describe(
    INTERNAL_ERROR_CODE,
    "internal-error",
    Severity.ERROR,
    """
    Erreur interne de l'outil sur ce fichier (un bogue, pas une faute de l'auteur).

    Les autres fichiers sont quand même vérifiés et la commande se termine avec le code 3.
    Relancez avec `-v` pour voir la trace et signalez-la avec le fichier en cause.
    """,
)
UNUSED_WAIVER = describe(
    "WAIVER-001",
    "unused-waiver",
    Severity.WARNING,
    """
    Une dérogation (`a11y.waivers`) ne correspond à aucun diagnostic de l'épreuve.

    Pourquoi : une dérogation inutile masquerait un futur problème ; retirez-la.
    """,
)
UNKNOWN_WAIVER_RULE = describe(
    "WAIVER-002",
    "unknown-waiver-rule",
    Severity.ERROR,
    """
    Une dérogation nomme un code de règle qui n'existe pas, ou une règle qui ne peut pas être levée.

    On lève par dérogation les avertissements, les infos et les règles d'accessibilité (A11Y), avec une
    raison. Une erreur qui rend l'épreuve illisible ou impossible à réussir (PARSE, SCHEMA, SEM…) se
    corrige, elle ne se lève pas.
    """,
)
