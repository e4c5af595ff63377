"""Words a manual uses that another word says as well, and a sentence said with one.

Example:
    >>> with_synonym("The cache is stored in /var/cache/apt.")
    'The cache is kept in /var/cache/apt.'
"""

from __future__ import annotations

import re

# Words a manual uses that another word says as well (in the sense a manual uses them).
# An entailed hypothesis gets one, so it differs from its premise by a content word as a
# contradiction made by a changed number or term does: word overlap tells them apart less.
SYNONYMS: dict[str, str] = {
    "provides": "offers",
    "provide": "offer",
    "contains": "holds",
    "contain": "hold",
    "requires": "needs",
    "require": "need",
    "required": "needed",
    "shows": "displays",
    "show": "display",
    "modify": "change",
    "modified": "changed",
    "begins": "starts",
    "begin": "start",
    "large": "big",
    "quickly": "rapidly",
    "often": "frequently",
    "usually": "normally",
    "directory": "folder",
    "directories": "folders",
    "obtain": "get",
    "simple": "easy",
    "entire": "whole",
    "several": "a number of",
    "mainly": "mostly",
    "precisely": "exactly",
    "additional": "extra",
    "configure": "set up",
    "stores": "keeps",
    "stored": "kept",
    "creates": "makes",
    "create": "make",
    "created": "made",
    "allows": "lets",
    "want": "wish",
    "wants": "wishes",
    "wish": "want",
    "provided": "supplied",
    "needed": "required",
    "necessary": "needed",
    "specific": "particular",
    "corresponding": "matching",
    "similar": "comparable",
    "important": "significant",
    "various": "different",
    "involves": "entails",
    "described": "explained",
    "execute": "run",
    "executes": "runs",
    "executed": "run",
    "computer": "machine",
    "computers": "machines",
    "generated": "produced",
    "generates": "produces",
    "generate": "produce",
    "initial": "first",
    "starts": "begins",
    "receive": "get",
    "receives": "gets",
    "received": "got",
    "employs": "uses",
    "removes": "deletes",
    "remove": "delete",
    "removed": "deleted",
    "easily": "readily",
    "indicates": "shows",
    "manages": "handles",
    "manage": "handle",
    "attempt": "try",
    "attempts": "tries",
    "sufficient": "enough",
    "typically": "usually",
    "currently": "at present",
    "permits": "allows",
    "assigned": "given",
    "ensures": "makes sure",
    "possible": "feasible",
    "complex": "complicated",
    "dedicated": "devoted",
    "obtained": "got",
    "retrieve": "fetch",
    "retrieves": "fetches",
    "displayed": "shown",
    "frequently": "often",
    "rapidly": "quickly",
}
_SYNONYM_WORD = re.compile(r"\b(" + "|".join(SYNONYMS) + r")\b")


def with_synonym(sentence: str) -> str:
    """The sentence with its first listed word said another way (unchanged if none).

    Example:
        >>> with_synonym("The cache is stored in /var/cache/apt.")
        'The cache is kept in /var/cache/apt.'
    """
    return _SYNONYM_WORD.sub(lambda m: SYNONYMS[m.group()], sentence, count=1)
