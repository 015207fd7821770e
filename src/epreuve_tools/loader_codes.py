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
    Le fichier n'est pas encodé en UTF-8, ou ne peut pas être lu.

    Pourquoi : une épreuve est lue en UTF-8 ; un fichier enregistré en Latin-1 ou en Windows-1252
    afficherait des caractères faux aux apprenants. Le message donne l'octet fautif et sa position ;
    un fichier que le système refuse de lire (droits, fichier disparu) est signalé sous ce code aussi.

    Mauvais : une consigne enregistrée en Windows-1252, où « é » est l'octet 0xE9 seul.
    Bon : la même consigne enregistrée en UTF-8, où « é » s'écrit 0xC3 0xA9 (le BOM et les fins de
    ligne CRLF sont acceptés).
    """,
)
BINARY_FILE = describe(
    "PARSE-002",
    "binary-file",
    Severity.ERROR,
    """
    Le fichier est binaire (image, PDF…) ou contient un octet NUL.

    Pourquoi : une image, un PDF ou un fichier corrompu rangé sous `epreuves/` avec l'extension `.md`
    n'est pas une épreuve ; le lire comme du texte n'aurait aucun sens.

    Mauvais : une capture d'écran PNG enregistrée sous `epreuves/schema.md`.
    Bon : l'image enregistrée sous `epreuves/images/schema.png` et citée depuis l'en-tête :
        illustration:
          src: images/schema.png
          alt: "Schéma du réseau du service"
    """,
)
EMPTY_FILE = describe(
    "PARSE-003",
    "empty-file",
    Severity.ERROR,
    """
    Le fichier est vide, ou ne contient que des espaces et des lignes vides.

    Pourquoi : un fichier `.md` vide sous `epreuves/` est une épreuve commencée puis oubliée ; la
    signaler évite qu'elle manque en silence au parcours qui devait la citer.

    Mauvais : un fichier `mot-de-passe-long.md` de zéro octet.
    Bon : un squelette valide à compléter, écrit par `epreuve new qcu mot-de-passe-long.md`.
    """,
)
MISSING_FRONT_MATTER = describe(
    "PARSE-004",
    "missing-front-matter",
    Severity.ERROR,
    """
    L'en-tête YAML est absent, ou sa ligne `---` de fermeture manque.

    Pourquoi : une épreuve commence par une ligne `---`, ses clés (id, type, competence…) puis une
    ligne `---` ; sans ces deux lignes, l'outil ne peut pas séparer l'en-tête de la consigne.

    Mauvais :
        id: mon-epreuve
        type: qcu
        Quelle pratique protège le mieux un compte ?
    Bon :
        ---
        id: mon-epreuve
        type: qcu
        ---
        Quelle pratique protège le mieux un compte ?
    """,
)
INVALID_YAML = describe(
    "PARSE-005",
    "invalid-yaml",
    Severity.ERROR,
    """
    L'en-tête n'est pas du YAML valide.

    Pourquoi : un en-tête que YAML ne sait pas lire ne donne aucune clé ; le message reprend la ligne et
    la colonne où la lecture s'est arrêtée. Causes fréquentes : guillemets non fermés, `@` sans
    guillemets, deux-points dans une valeur sans guillemets, retrait décalé, tabulation, guillemets
    typographiques (« “ »).

    Mauvais :
        competence: "4.1
        tube: @motDePasse
    Bon :
        competence: "4.1"
        tube: "@motDePasse"
    """,
)
DUPLICATE_KEY = describe(
    "PARSE-006",
    "duplicate-key",
    Severity.ERROR,
    """
    Une clé apparaît deux fois dans le même dictionnaire de l'en-tête.

    Pourquoi : YAML ne garderait que la dernière valeur, et la première serait perdue sans bruit.

    Mauvais :
        level: 2
        status: proposé
        level: 3
    Bon :
        level: 3
        status: proposé
    """,
)
FILE_TOO_LARGE = describe(
    "PARSE-007",
    "file-too-large",
    Severity.ERROR,
    """
    Le fichier dépasse la taille maximale d'une épreuve (1 Mio).

    Pourquoi : une épreuve tient en quelques kilo-octets ; la limite protège la vérification d'un
    fichier hostile ou d'un collage accidentel, refusé avant d'être analysé.

    Mauvais : un tableau de données de plusieurs mégaoctets collé dans la consigne.
    Bon : les données dans une pièce jointe, citée depuis l'en-tête :
        attachments:
          - src: fichiers/donnees-2024.csv
            title: Données 2024 (CSV)
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

    Mauvais :
        id: !!python/object:os.system mon-epreuve
    Bon :
        id: mon-epreuve
    """,
)
YAML_TOO_COMPLEX = describe(
    "PARSE-009",
    "yaml-too-complex",
    Severity.ERROR,
    """
    L'en-tête est trop imbriqué, ses alias se développent en trop de valeurs, ou un entier est trop long.

    Pourquoi : une « bombe » d'alias (billion laughs), plus de 64 niveaux d'imbrication ou un entier de
    plus de 4 300 chiffres feraient exploser le temps ou la mémoire de la vérification ; ils sont
    refusés vite. Un en-tête d'épreuve n'a besoin que de deux ou trois niveaux. S'applique aussi au
    référentiel et aux parcours.

    Mauvais : des alias en cascade, cinq niveaux de dix qui se développent en 100 000 valeurs :
        a: &a [x, x, x, x, x, x, x, x, x, x]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
        e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
    Bon :
        tags: [mots-de-passe, sécurité]
    """,
)
FRONT_MATTER_NOT_MAPPING = describe(
    "PARSE-010",
    "front-matter-not-mapping",
    Severity.ERROR,
    """
    L'en-tête n'est pas un dictionnaire de clés (`clé: valeur`).

    Pourquoi : chaque clé de l'épreuve (id, type, answer…) est lue par son nom ; une liste ou un texte
    seul n'en donne aucune. S'applique aussi au référentiel et aux parcours.

    Mauvais :
        ---
        - id: mon-epreuve
        - type: qcu
        ---
    Bon :
        ---
        id: mon-epreuve
        type: qcu
        ---
    """,
)
UNREADABLE_PATH = describe(
    "PARSE-011",
    "unreadable-path",
    Severity.ERROR,
    """
    Un dossier ou une entrée de l'arbre de contenu ne peut pas être lu.

    Sont signalés : un dossier sans droit de lecture, un lien symbolique en boucle ou vers un dossier
    déjà parcouru, un tube ou un périphérique nommé comme une épreuve.

    Pourquoi : sans ce diagnostic, les épreuves d'un dossier illisible seraient sautées en silence, et
    un tube nommé `x.md` bloquerait la vérification pour toujours. Seuls les fichiers ordinaires sont
    lus, jamais au-delà de la taille maximale d'une épreuve.

    Mauvais : un lien `epreuves/copie -> ..` qui fait reparcourir tout l'arbre.
    Bon : des dossiers ordinaires et lisibles ; un chemin à écarter est exclu dans la configuration :
        [tool.epreuve]
        exclude = ["content/brouillons/**"]
    """,
)
BODY_TOO_COMPLEX = describe(
    "PARSE-012",
    "body-too-complex",
    Severity.ERROR,
    """
    Le corps de l'épreuve compte plus de 20 000 lignes et signes de mise en forme.

    Les signes comptés sont ceux qui ouvrent une mise en forme : `[`, `]`, `!`, `*`, `_`, `` ` ``,
    `<`, `&`, `\\`, `{` et `}`. Le message montre où la limite est atteinte ; le reste de l'épreuve
    n'est pas vérifié.

    Pourquoi : l'analyse du Markdown coûte jusqu'à 25 µs par ligne ou par signe ; sans limite, un
    fichier de moins de 1 Mio (un demi-million de `![`) tiendrait la vérification pendant des dizaines
    de secondes. Une épreuve réelle en compte quelques centaines.

    Mauvais : un document entier collé dans la consigne, des milliers de `![` ou de `*`.
    Bon : une consigne de quelques paragraphes, et le long document en pièce jointe :
        attachments:
          - src: fichiers/charte-informatique.pdf
            title: Charte informatique du ministère (PDF)
    """,
)

MISSING_KEY = describe(
    "SCHEMA-001",
    "missing-key",
    Severity.ERROR,
    """
    Une clé obligatoire manque dans l'en-tête (id, type, competence, tube, level, status, answer…).

    Pourquoi : sans elles, l'épreuve ne peut être ni rangée dans le référentiel ni jugée. Une clé
    obligatoire d'un sous-ensemble manque aussi (`illustration.alt`, `embed.title`…). L'aide du message
    reprend la description de la clé dans le schéma.

    Mauvais :
        ---
        id: mot-de-passe-long
        type: qcu
        competence: "4.1"
        tube: "@motDePasse"
        status: proposé
        answer: 1
        ---
    Bon : la même épreuve avec `level: 2` après `tube`.
    """,
)
UNKNOWN_KEY = describe(
    "SCHEMA-002",
    "unknown-key",
    Severity.ERROR,
    """
    Une clé inconnue figure dans l'en-tête : faute de frappe ou clé d'un autre format.

    Pourquoi : une clé mal orthographiée serait ignorée, et la valeur que l'auteur croyait donner ne
    servirait pas. Le message propose la clé connue la plus proche (« levle » → « level »).

    Mauvais :
        levle: 2
    Bon :
        level: 2
    """,
)
WRONG_TYPE = describe(
    "SCHEMA-003",
    "wrong-type",
    Severity.ERROR,
    """
    Une valeur n'a pas le bon type : un texte au lieu d'un nombre, un nombre au lieu d'un texte…

    Pourquoi : la valeur serait mal lue par Pix. Piège fréquent : `competence: 3.1` est lu comme un
    nombre ; l'`answer` d'une QROC est toujours une liste, même d'une seule réponse.

    Mauvais :
        competence: 3.1
        answer: PDF
    Bon :
        competence: "3.1"
        answer: ["PDF"]
    """,
)
INVALID_VALUE = describe(
    "SCHEMA-004",
    "invalid-value",
    Severity.ERROR,
    """
    Une valeur est hors des valeurs permises : niveau hors de 1 à 8, statut inconnu, format d'identifiant…

    Pourquoi : Pix ne connaît que ces valeurs ; une autre serait refusée à la publication. Le message
    nomme la clé et les valeurs permises (attention aux accents : `proposé`, `validé`).

    Mauvais :
        level: 9
        status: valide
    Bon :
        level: 8
        status: validé
    """,
)

UNCLOSED_BLANK = describe(
    "BLANK-001",
    "unclosed-blank",
    Severity.ERROR,
    """
    Un champ `${` n'est pas fermé par `}` sur la même ligne.

    Pourquoi : Pix cherche les champs ligne par ligne ; un champ ouvert n'est pas reconnu et s'affiche
    tel quel à l'apprenant, qui n'a alors rien à remplir.

    Mauvais :
        Capitale de la France : ${ville
    Bon :
        Capitale de la France : ${ville}
    """,
)
DUPLICATE_BLANK_KEY = describe(
    "BLANK-002",
    "duplicate-blank-key",
    Severity.ERROR,
    """
    Deux champs portent la même clé.

    Pourquoi : chaque champ a sa clé, reprise dans `answer` ; deux champs de même clé se confondraient,
    et la réponse de l'un écraserait celle de l'autre.

    Mauvais :
        Ville : ${ville} ; département : ${ville}
    Bon :
        Ville : ${ville} ; département : ${departement}
    """,
)
UNKNOWN_BLANK_ATTRIBUTE = describe(
    "BLANK-003",
    "unknown-blank-attribute",
    Severity.ERROR,
    """
    Un champ utilise un attribut inconnu : seuls `value="…"` et `options=[…]` existent.

    Pourquoi : Pix ignorerait l'attribut ; écrit après une indication ou un libellé
    (`${x§Votre choix optons=["Oui","Non"]}`), il serait même affiché comme du texte et le menu
    déroulant deviendrait un champ libre. L'aide propose l'attribut le plus proche.

    Mauvais :
        Ville : ${ville choix=["Paris", "Lyon"]}
    Bon :
        Ville : ${ville options=["Paris", "Lyon"]}
    """,
)
MALFORMED_BLANK = describe(
    "BLANK-004",
    "malformed-blank",
    Severity.ERROR,
    """
    Un champ est mal écrit : clé manquante, guillemet non fermé, liste d'options mal formée…

    Pourquoi : Pix ne reconnaîtrait pas le champ, ou le lirait autrement que prévu. La syntaxe est
    `${clé#indication§libellé accessible value="défaut" options=["a","b"]}`, dans cet ordre ; une clé
    n'a que des lettres sans accent, des chiffres, `_` et `-`.

    Mauvais :
        Réponse : ${#votre réponse}
        Choix : ${choix options=["Oui", "Non"}
    Bon :
        Réponse : ${reponse#votre réponse}
        Choix : ${choix options=["Oui", "Non"]}
    """,
)

UNKNOWN_CONTAINER = describe(
    "BODY-001",
    "unknown-container",
    Severity.ERROR,
    """
    Le corps contient un bloc `:::` inconnu ou une ligne `:::` isolée.

    Pourquoi : seuls `::: propositions` (obligatoire) et `::: correction` existent ; un bloc mal nommé
    serait perdu (une correction jamais montrée). L'aide propose le nom le plus proche.

    Mauvais :
        ::: corection
        Le mot de passe long résiste mieux.
        :::
    Bon :
        ::: correction
        Le mot de passe long résiste mieux.
        :::
    """,
)
UNCLOSED_CONTAINER = describe(
    "BODY-002",
    "unclosed-container",
    Severity.ERROR,
    """
    Un bloc `::: propositions` ou `::: correction` n'est pas fermé par une ligne `:::`.

    Pourquoi : tout le reste du fichier serait pris dans le bloc ; un `::: correction` ouvert avant la
    ligne `:::` des propositions serait lu comme une partie des propositions.

    Mauvais :
        ::: propositions
        - Une phrase de passe longue et unique
        - Le même mot de passe partout

        ::: correction
        Une phrase de passe longue résiste mieux.
        :::
    Bon : la même épreuve avec une ligne `:::` seule après la dernière proposition.
    """,
)
DUPLICATE_CONTAINER = describe(
    "BODY-003",
    "duplicate-container",
    Severity.ERROR,
    """
    Le même bloc (`propositions` ou `correction`) est ouvert deux fois.

    Pourquoi : une épreuve n'a qu'une liste de propositions et qu'une correction ; le second bloc
    serait ignoré.

    Mauvais :
        ::: propositions
        - a
        - b
        :::

        ::: propositions
        - c
        :::
    Bon :
        ::: propositions
        - a
        - b
        - c
        :::
    """,
)

INTERNAL_ERROR = describe(
    INTERNAL_ERROR_CODE,
    "internal-error",
    Severity.ERROR,
    """
    Erreur interne de l'outil sur ce fichier (un bogue, pas une faute de l'auteur).

    Pourquoi : un bogue de l'outil ne doit ni passer pour une faute de l'épreuve, ni empêcher de
    vérifier les autres fichiers ; ils sont vérifiés quand même, et la commande se termine avec le
    code 3. Relancez avec `-v` pour voir la trace et signalez-la avec le fichier en cause. Ce
    diagnostic ne se lève pas par dérogation.

    Mauvais : aucune écriture d'épreuve n'est fautive ; c'est l'outil qui l'est.
    Bon : le fichier en cause joint au signalement, avec la trace de `epreuve check -v`.
    """,
)
UNUSED_WAIVER = describe(
    "WAIVER-001",
    "unused-waiver",
    Severity.WARNING,
    """
    Une dérogation (`a11y.waivers`) ne correspond à aucun diagnostic de l'épreuve.

    Pourquoi : une dérogation inutile masquerait un futur problème du même code ; retirez-la.

    Mauvais : une dérogation à `SEM-020` dans une épreuve qui n'a aucune clé sans effet :
        a11y:
          waivers:
            - rule: SEM-020
              reason: Clé conservée pour une future version.
    Bon : pas de clé `a11y.waivers`, ou seulement des dérogations à des diagnostics présents.
    """,
)
UNKNOWN_WAIVER_RULE = describe(
    "WAIVER-002",
    "unknown-waiver-rule",
    Severity.ERROR,
    """
    Une dérogation nomme un code qui n'existe pas, ou une règle qui ne peut pas être levée.

    Pourquoi : on lève par dérogation les avertissements, les infos et les règles d'accessibilité
    (A11Y), avec une raison. Une erreur qui rend l'épreuve illisible ou impossible à réussir (PARSE,
    SCHEMA, SEM…) se corrige, elle ne se lève pas.

    Mauvais :
        a11y:
          waivers:
            - rule: SEM-005
              reason: La clé sera corrigée plus tard.
    Bon :
        a11y:
          waivers:
            - rule: KEY-012
              reason: "Pour « MIN » et « MAX », les variantes à une lettre près désignent la même idée."
    """,
)
