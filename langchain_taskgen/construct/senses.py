"""Everyday senses of words that technical prose uses in another sense (wsd material).

"One sense per discourse" (Gale, Church and Yarowsky, 1992) makes two uses of a word in one
manual the same sense; these sentences give the other sense. Each word has two, written in
the register and at the length of a manual's sentences (declarative, third person, 12-22
words), so a "no" pair is no shorter or simpler than a "yes" pair, and each sentence also
appears in "yes" pairs (the two everyday sentences together): neither the sentence nor its
vocabulary gives the label.
"""

from __future__ import annotations

import re

OTHER_SENSES: dict[str, tuple[str, str]] = {
    "file": (
        "The locksmith smooths the rough edge of each new key with a small metal file.",
        "A coarse file is used to shape the wooden handle before it is sanded and oiled.",
    ),
    "shell": (
        "The children collected a spiral shell and several smooth stones along the beach.",
        "The crab leaves its old shell behind when it grows too large for it.",
    ),
    "kernel": (
        "Each kernel of corn must be dried in the sun before it is stored for winter.",
        "The squirrel cracked the nut open and carried the kernel back to its nest.",
    ),
    "root": (
        "The old oak tree sent a thick root under the garden wall and cracked the path.",
        "A carrot is the swollen root of the plant and is harvested in the autumn.",
    ),
    "tree": (
        "The farmers planted an apple tree behind the house to give shade in the summer.",
        "A tall pine tree fell across the road during the storm and blocked all traffic.",
    ),
    "branch": (
        "A small bird rested on the lowest branch of the oak before flying to its nest.",
        "The gardener cut a dead branch from the cherry tree at the end of the winter.",
    ),
    "port": (
        "The cargo ship stayed in port for three days until the storm had passed.",
        "Fishing boats return to the port at dawn to sell their catch at the market.",
    ),
    "boot": (
        "The hiker pulled on his left boot, laced it tightly and set off up the hill.",
        "Each boot is waterproofed with wax so that the feet stay dry in the snow.",
    ),
    "driver": (
        "The bus driver waited at the last stop until every passenger had found a seat.",
        "A taxi driver must know the streets of the city and the fastest routes across it.",
    ),
    "package": (
        "The postman left a large package at the front door because nobody was at home.",
        "The package was wrapped in brown paper and tied with string before it was posted.",
    ),
    "key": (
        "She lost the key to her front door and had to wait outside for her neighbour.",
        "The key to the garden shed hangs on a hook beside the kitchen cupboard.",
    ),
    "window": (
        "He opened the kitchen window to let the fresh morning air into the room.",
        "The window of the old shop was cleaned every Saturday before the market began.",
    ),
    "host": (
        "The host welcomed every guest at the door and showed them to their seats.",
        "As the host of the dinner, she cooked three courses for twelve friends.",
    ),
    "terminal": (
        "The plane waited at the terminal for an hour before the passengers could board.",
        "Travellers arriving late at night found the bus terminal closed and empty.",
    ),
    "table": (
        "The family ate dinner together at the wooden table in the kitchen every evening.",
        "A round table was placed in the middle of the room for the card game.",
    ),
    "record": (
        "The runner set a new national record in the hundred metres at the summer games.",
        "The swimmer broke the world record twice in the same week at the championships.",
    ),
    "release": (
        "The zoo planned the release of the young birds into the wild in the spring.",
        "After his release from hospital, he rested at home for two more weeks.",
    ),
    "bus": (
        "She takes the bus to work every morning and reads a book during the journey.",
        "The school bus stops at the end of the lane at half past seven each day.",
    ),
    "cache": (
        "The explorers hid a cache of food and water in the cave for the return journey.",
        "A squirrel keeps a cache of nuts under the roots to survive the cold months.",
    ),
    "source": (
        "The source of the river lies high in the mountains, far above the last village.",
        "Fresh water from a mountain source is collected in a stone basin by the road.",
    ),
    "channel": (
        "The ferry crosses the channel in two hours when the sea is calm enough.",
        "A narrow channel was dug through the field to carry rainwater away from the house.",
    ),
    "command": (
        "The general gave the command to advance, and the soldiers left their positions.",
        "The officer shouted a command, and the whole troop stopped marching at once.",
    ),
    "server": (
        "The server brought our drinks to the table and took the order for dinner.",
        "The server cleared the plates and returned quickly with the coffee and dessert.",
    ),
    "client": (
        "The lawyer met her client in the morning to prepare for the hearing in court.",
        "Each client of the bakery receives a free loaf of bread after ten visits.",
    ),
    "library": (
        "She borrowed three novels from the town library and returned them two weeks later.",
        "The school library is open to pupils during the lunch break and after lessons.",
    ),
    "signal": (
        "The referee gave the signal to start the match, and the crowd began to cheer.",
        "The coach raised her hand as a signal for the players to come off the field.",
    ),
    "thread": (
        "She needed a needle and some red thread to repair the torn sleeve of her coat.",
        "The tailor chose a strong cotton thread for the buttons of the winter jacket.",
    ),
    "pipe": (
        "Water leaked from a broken pipe under the sink and flooded the kitchen floor.",
        "The plumber replaced the rusty pipe that runs from the tank to the bath upstairs.",
    ),
    "memory": (
        "He has a happy memory of his first day at school and the teacher who met him.",
        "Her earliest memory is of the smell of bread in her grandmother's small kitchen.",
    ),
    "patch": (
        "She sewed a leather patch over the hole in the knee of her old jeans.",
        "The tailor stitched a cotton patch onto the elbow of the worn wool jacket.",
    ),
    "bug": (
        "A small green bug crawled slowly up the wall and disappeared behind the curtain.",
        "The children caught a bug in a glass jar and watched it for the afternoon.",
    ),
    "mount": (
        "The rider helped the child mount the pony before they set off along the beach.",
        "The old knight needed a stool to mount his horse at the start of the parade.",
    ),
    "desktop": (
        "He cleared the papers and old cups off the wooden desktop before he started writing.",
        "The desktop of the antique desk is covered with green leather and brass corners.",
    ),
    "menu": (
        "The waiter handed us the dinner menu and recommended the fish of the day.",
        "The menu of the small restaurant changes every week with the season's vegetables.",
    ),
    "mouse": (
        "A mouse ran across the kitchen floor and hid behind the cupboard in the corner.",
        "The cat sat beside the barn door for hours, waiting for a mouse to appear.",
    ),
    "virus": (
        "The flu virus spread quickly through the school during the cold winter months.",
        "Doctors advise washing hands often so that the virus does not reach other people.",
    ),
}
"""Word -> two sentences using it in its everyday sense."""

MANY_SENSES_IN_MANUALS = frozenset({"root", "key", "release"})
"""Words a manual itself uses in two senses ("root user", "root directory"; "release" the
event and the version): no two of its sentences make a "same sense" pair."""

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
