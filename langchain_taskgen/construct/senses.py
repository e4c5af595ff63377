"""Sentences that use a manual's words in its sense and in another (wsd material).

"One sense per discourse" (Gale, Church and Yarowsky, 1992) makes every use of a word in
one manual the same sense. A wsd pair puts a sentence of the passage beside an everyday
sentence (declarative, third person, 12-22 words) that uses the word either in the manual's
technical sense ("yes") or in another sense ("no"), so every pair mixes the two registers
under both labels and the register does not give the label.

Each everyday sentence uses two of the words, one in each sense ("While he smoothed the new
key with a metal file, the software package finished installing": "package" as software,
"file" as a tool). Asked about one word it is a "yes" partner, asked about the other a "no"
partner: no sentence, and none of its vocabulary, belongs to one label, so a bag of words
over the task text cannot learn "beach means no". A frequent word takes a sentence it shares
with a rarer one only as often as the rarer word is asked about (``partner_weight``), so each
sentence serves both labels about equally often. Every word has a short and a long sentence
in each sense, so a passage sentence of 60-160 characters finds a partner of about its
length under either label.

Example:
    >>> SENSES["package"].technical[0]
    'While he smoothed the new key with a metal file, the software package finished installing.'
    >>> len(SENSES["package"].technical), len(SENSES["package"].other)
    (5, 5)
    >>> manual_sense("file", "Each file is kept in /var/cache/apt."), manual_sense(
    ...     "file", "Please file a bug against the package.")
    (True, False)
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Re-exported: hypotheses, yes_no_changes and text_checks import them from here.
from langchain_taskgen.construct.synonyms import SYNONYMS, with_synonym

# One sentence an entry: "technical / other: sentence", a long one wrapped onto indented
# lines. The short sentences (12-18 words) come first, then the long ones (18-22 words), the
# words paired with other partners, then more for the words manuals use most (package, file,
# server, command, kernel, directory): a run over one manual asks about them again and again,
# and a sentence seen many times under one label is one a classifier learns by heart.
_INVENTORY = """
package / file: While he smoothed the new key with a metal file, the software package
    finished installing.
file / package: She printed the file from her laptop and tucked it into the package for her
    sister.
server / command: The general gave the command to retreat when the army's map server stopped
    responding.
command / server: The server brought coffee while she typed a command to restart her laptop.
kernel / directory: He looked up the shop in the phone directory after the kernel update
    broke his printer.
directory / kernel: She cracked the walnut, ate the kernel, and saved the recipe to a
    directory on her laptop.
boot / log: The old laptop takes two minutes to boot, so he puts another log on the fire.
log / boot: He checked the error log on the shop computer while his wet boot dried by the
    door.
web / daemon: She searched the web for the old Greek story of a daemon who guided a young
    king.
daemon / web: A spider spun a web behind the office computer, where a daemon backs up the
    files every night.
host / shell: The boy held the shell to his ear while his father restarted the host that
    runs their website.
shell / host: The host of the party opened a shell on his laptop to fix the music player.
partition / desktop: She wiped the dust off the wooden desktop before making a new partition
    on her laptop's disk.
desktop / partition: Behind a glass partition in the office, he switched his old laptop to a
    lighter graphical desktop.
port / client: The lawyer's client could not join the video call until the router opened the
    right port.
client / port: The ship stayed in port while the captain used an email client to write home.
bug / patch: She sewed a patch on her jeans while her brother fixed a bug in his phone game.
patch / bug: A green bug crawled across the keyboard while the laptop installed a security
    patch.
memory / menu: The waiter brought the menu while she complained that her phone had run out
    of memory.
menu / memory: He has a fond memory of the first time he clicked the start menu on a
    computer.
mount / cache: The explorers hid a cache of food in the cave, and later their laptop refused
    to mount the USB stick.
cache / mount: Before he could mount the horse, his phone finished clearing the browser
    cache.
library / window: He opened the kitchen window while the game downloaded a library it needed
    to run.
window / library: In the town library, she opened a new window on the computer to check the
    bus times.
terminal / driver: The taxi driver waited while his son typed commands in a terminal on the
    laptop.
driver / terminal: While waiting at the bus terminal, she installed a driver for her new
    printer.
pipe / virus: Kept home by a flu virus, he joined two commands with a pipe to sort his
    emails.
virus / pipe: The plumber fixed the leaking pipe while the office computer removed a virus
    from its disk.

package / server: The server at the café waited by the table while she finished installing a
    software package on her laptop.
server / package: The postman left a heavy package at the front door while the company's
    email server was down for the whole morning.
file / command: The officer gave the command to march, and the clerk saved the file with the
    soldiers' names on his laptop.
command / file: After shaping the key with a small metal file, the locksmith typed a command
    on his computer to print a receipt.
kernel / boot: He pulled off one muddy boot at the door and went to update the kernel on the
    family computer before dinner.
boot / kernel: While the old computer took ages to boot, she cut every kernel of corn off
    the cob for the soup.
directory / log: He carried a heavy log to the fireplace, then sorted the holiday photos
    into a new directory on his laptop.
log / directory: She found the repair shop in the telephone directory, and the technician
    read the error log on her computer that afternoon.
web / host: As the host of the dinner, she had found every recipe on the web and cooked
    three courses for twelve friends.
host / web: A spider built a web in the corner of the office, right above the old host
    computer that runs the company's website.
daemon / shell: The children found a shell on the beach while their father set up a daemon
    to copy the family photos each night.
shell / daemon: The teacher told the class about the daemon that guided Socrates, then
    opened a shell on her laptop to run the quiz.
partition / port: The ferry stayed in port for two days, so he made a partition for his
    photos on the laptop's disk.
port / partition: Behind the thin partition in the shared office, the technician opened a
    port on the router for the video calls.
desktop / client: Before meeting her next client, the lawyer tidied the icons on her
    computer desktop into a few folders.
client / desktop: He cleared the coffee cups from the wooden desktop and opened the email
    client to answer his messages.
bug / memory: She has a happy memory of the evening her team finally found the bug that made
    the banking app crash.
memory / bug: A tiny bug landed on the screen of the old laptop, which has too little memory
    for modern games.
patch / menu: The waiter handed them the menu and apologised that the card machine was
    waiting for a software patch.
menu / patch: She sewed a leather patch on her jacket, then opened the menu of the photo
    program to print a picture of it.
mount / library: At the town library, the clerk showed the old man how to mount his camera's
    card so the photos appeared on screen.
library / mount: The rider needed a wooden step to mount the tall horse, while her phone's
    game would not start without a missing library.
cache / window: She opened the bedroom window to let in the air, then cleared the browser
    cache so the shop's website would load again.
window / cache: The hikers found a cache of food in the hut and opened a new window on the
    laptop screen for their notes.
terminal / pipe: While the plumber replaced the rusty pipe under the sink, her son typed a
    few commands in a terminal on his laptop.
pipe / terminal: Stuck at the airport terminal, the programmer joined two commands with a
    pipe to count the words in her report.
driver / virus: Home in bed with a stomach virus, he finally installed the driver for the
    new printer on his laptop.
virus / driver: The bus driver could not check his route because a virus had deleted the
    maps on his company phone.

package / kernel: While the old computer installed the new software package, she cracked
    open an almond and ate the sweet kernel inside.
kernel / package: The courier handed over a small package from her brother just as the
    laptop restarted with its updated kernel.
package / directory: She found a computer shop in the business directory, and its owner
    helped her install the package the photo program needed.
directory / package: The package from the bookshop arrived on Monday, and she scanned the
    receipt into a directory on her laptop called bills.
package / command: The admiral gave the command to sail at noon, so the crew installed a
    weather software package on the ship's laptop.
command / package: Before wrapping the package for his nephew, he typed a command on his
    laptop to print the address label for it.
file / server: The server at the hotel restaurant waited patiently while the guest opened
    the file with her booking on her phone.
server / file: The carpenter rounded the shelf's corners with a flat file while the shop's
    mail server sent out the new price list.
file / kernel: He shelled every sunflower kernel for the bread and then saved the recipe as
    a file on his laptop for his daughter.
kernel / file: She sharpened the garden shears with a long file while her laptop downloaded
    a new kernel and restarted by itself.
file / directory: He looked up the dentist in the town directory and copied her address and
    opening hours into a file on his phone.
directory / file: After shaping the wooden toy with a fine file, he put the photos of it in
    a new directory on his laptop.
server / directory: The new staff directory lists every employee's phone number, and the
    printed copy matches the list kept on the office server.
directory / server: While the server set out the bread and olives, she moved the holiday
    photos into a new directory on her tablet.
command / kernel: Each kernel of popcorn burst in the hot pan while she typed a command to
    copy the holiday videos to her laptop.
kernel / command: The sergeant gave the command to stand still while the radio operator
    updated the kernel on the field laptop.
command / directory: The plumber's number was missing from the street directory, so she
    typed a command into her laptop to search her old emails.
directory / command: The captain gave the command to lower the sails, and the navigator
    saved the new charts in a directory on the laptop.
"""


def _entries(text: str) -> tuple[tuple[str, str, str], ...]:
    joined = re.sub(r"\n {4}", " ", text.strip())
    found = re.findall(r"^(\w+) / (\w+): (.+)$", joined, re.M)
    return tuple((tech, other, sentence) for tech, other, sentence in found)


SENSE_SENTENCES: tuple[tuple[str, str, str], ...] = _entries(_INVENTORY)
"""(word in the manual's sense, word in another sense, everyday sentence using both)."""


class Senses(NamedTuple):
    """A word's everyday sentences in the manual's sense and in another sense."""

    technical: tuple[str, ...]
    other: tuple[str, ...]


SENSES: dict[str, Senses] = {
    word: Senses(
        tuple(s for tech, _, s in SENSE_SENTENCES if tech == word),
        tuple(s for _, other, s in SENSE_SENTENCES if other == word),
    )
    for word in dict.fromkeys(tech for tech, _, _ in SENSE_SENTENCES)
}
"""Word -> its everyday sentences in the manual's sense and in another."""
_WORDS_OF = {sentence: (tech, other) for tech, other, sentence in SENSE_SENTENCES}

# Sentences per thousand that use the word in the inventory's sense, counted with
# ``manual_sense`` on the tuning handbooks (6,202 sentences of three Debian manuals).
# fmt: off
MANUAL_FREQUENCY: dict[str, float] = {
    "package": 96.3, "file": 78.7, "server": 49.0, "command": 38.5, "kernel": 32.9,
    "directory": 18.7, "boot": 12.9, "web": 12.3, "daemon": 11.6, "host": 10.3, "shell": 10.3,
    "partition": 9.5, "log": 8.4, "bug": 7.6, "desktop": 7.3, "port": 6.6, "client": 6.6,
    "patch": 6.0, "memory": 5.6, "menu": 3.4, "mount": 3.4, "library": 2.3, "window": 2.3,
    "cache": 1.8, "terminal": 1.6, "driver": 1.5, "pipe": 1.0, "virus": 0.8,
}
"""How often manuals use each word: a sentence is a "yes" partner of its first word as
often as a "no" partner of its second only when both are asked about as often, so a
frequent word takes a sentence shared with a rarer one only that much of the time."""
# fmt: on


def partner_weight(word: str, sentence: str) -> float:
    """How often ``word`` should take ``sentence``: the other word's frequency over its own.

    Taken with this probability, a sentence serves its two words' questions about equally
    often (detailed balance), so it is a "yes" partner as often as a "no" partner.

    Example:
        >>> round(partner_weight("package", SENSES["package"].technical[0]), 2)
        0.82
    """
    tech, other = _WORDS_OF[sentence]
    partner = other if word == tech else tech
    return min(1.0, MANUAL_FREQUENCY[partner] / MANUAL_FREQUENCY[word])


OTHER_SENSES: dict[str, tuple[str, ...]] = {w: s.other for w, s in SENSES.items()}
"""Word -> everyday sentences using it in a sense manuals do not (the older name)."""

MANY_SENSES_IN_MANUALS = frozenset(
    "root key release source channel thread table record tree branch mirror signal image "
    "address stable archive".split()
)
"""Words a manual itself uses in two senses ("root user", "root directory"; "release" the
event and the version; "mirror" a copy of the archive, a RAID mirror, a switch's mirror
port; "thread" of a program and of a mailing list): no sentence pins the manual's sense, so
they are not in the inventory."""

# Where a manual uses an inventory word in a sense the technical sentences do not have: a
# verb ("file a bug", "log in", "host a site"), a compound of another sense ("web of trust",
# "LDAP directory", "desktop computers"), a hardware or architecture port. Such a sentence
# is no "same sense" partner of a technical sentence.
_MODAL = r"\b(?:to|can|could|will|would|may|might|must|should|also|not|please) "
_OTHER_USE: dict[str, re.Pattern[str]] = {
    word: re.compile(pattern, re.I)
    for word, pattern in {
        "file": _MODAL + r"file\b|\bfile (?:a|an|bugs?|reports?|your|them)\b",
        # "host" is also the DNS lookup command, named beside dig and nslookup.
        "host": _MODAL + r"host\b|\b(?:dig|nslookup)\b|\bhost command\b|\(especially host\)",
        "log": _MODAL + r"log\b|\blog (?:in|on|out|into)\b",
        "web": r"\bweb of\b",
        "directory": r"\b(?:ldap|directory services?|active directory|x\.500)\b",
        "desktop": r"\bdesktop (?:computers?|machines?|pcs?|workstations?|hardware|systems?)\b",
        "port": r"\b(?:usb|serial|parallel|ethernet|mirror|switch|hardware|arm|architectures?)\b"
        r"|\bports?\.|\bdebian ports?\b|\bport of debian\b",
        "command": r"\b(?:in|under|take|took|takes) command\b|\bcommand of\b",
        "memory": r"\bin memory of\b",
        "patch": r"\bpatch of\b",
        "window": r"\b(?:time|maintenance) window\b|\bwindow of\b",
        "terminal": r"\bterminal (?:illness|velocity)\b",
    }.items()
}
# A network port is named by its context; "port" alone may be a socket on the hardware.
_NEEDS: dict[str, re.Pattern[str]] = {
    "port": re.compile(
        r"\b(?:tcp|udp|listen\w*|connections?|firewall\w*|scans?|ssh|https?|smtp|ftp|socket"
        r"\w*|router|forward\w*)\b|\bport \d|\d port|port numbers?",
        re.I,
    )
}


# What stands before a verb, not a noun: "to package", "you can file", "we log".
_VERB_BEFORE = re.compile(
    r"\b(?:to|can|could|will|would|must|should|may|might|we|you|they|i|please)\s+$", re.I
)


def manual_sense(word: str, sentence: str) -> bool:
    """Whether a manual's ``sentence`` uses ``word`` plainly in the inventory's technical sense.

    A use inside a path, file name or option (``~/Desktop``, ``file.txt``, ``--log``) is no
    use of the word; one of the other uses above disqualifies the sentence.

    Example:
        >>> manual_sense("log", "The daemon writes a log of every request.")
        True
        >>> manual_sense("log", "Users log in with their password.")
        False
        >>> manual_sense("package", "You will be able to package such programs.")
        False
    """
    if word not in SENSES:
        return False
    plain = re.search(rf"(?<![\w/.~$-]){word}(?![\w/-]|\.\w)", sentence, re.I)
    if plain is None:
        return False
    if _VERB_BEFORE.search(sentence[: plain.start()]):
        return False  # "to package such programs": the verb, which no noun sense matches
    other = _OTHER_USE.get(word)
    needs = _NEEDS.get(word)
    return (other is None or not other.search(sentence)) and (
        needs is None or needs.search(sentence) is not None
    )


__all__ = [
    "MANUAL_FREQUENCY",
    "MANY_SENSES_IN_MANUALS",
    "OTHER_SENSES",
    "SENSES",
    "SENSE_SENTENCES",
    "SYNONYMS",
    "Senses",
    "manual_sense",
    "partner_weight",
    "with_synonym",
]
