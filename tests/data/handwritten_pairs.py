"""Hand-written pairs on short passages about Debian administration (not a licence, not
from samples/), to measure the verifier: correct pairs vs answer- or passage-swapped ones."""

PASSAGES = [
    "APT keeps the list of package sources in /etc/apt/sources.list and in files under "
    "/etc/apt/sources.list.d. After editing them, run apt update to refresh the package index.",
    "The dpkg tool installs a single .deb file but does not fetch missing dependencies. "
    "Running apt install ./file.deb installs the file and resolves its dependencies as well.",
    "Debian stable receives security updates from the security team for about three years. "
    "Long-term support volunteers then extend coverage for two more years on main architectures.",
    "The locale of a system decides the language of messages and the format of dates. "
    "Administrators reconfigure it with dpkg-reconfigure locales and choose a default locale.",
    "Systemd starts services at boot from unit files. The command systemctl enable nginx "
    "makes the nginx service start automatically, and systemctl status shows whether it runs.",
    "The root file system can be checked with fsck only while it is not mounted read-write. "
    "Administrators usually force a check at the next boot instead of running fsck live.",
    "Reportbug is the tool for sending bug reports to the Debian bug tracking system. It asks "
    "which package is affected and collects version details automatically.",
    "Backports provide newer versions of selected packages for the stable release. They are "
    "not installed by default: users must name the backports suite when installing.",
]

# (task_type, input, output, passage index)
CORRECT = [
    ("ynqa", "Does dpkg fetch missing dependencies by itself?", "No", 1),
    ("ynqa", "Are backports installed by default?", "No", 7),
    ("ynqa", "Can systemctl show whether a service is running?", "Yes", 4),
    ("ynqa", "Does reportbug collect version details automatically?", "Yes", 6),
    (
        "exqa",
        "Which command refreshes the package index after editing the sources?",
        "apt update",
        0,
    ),
    ("exqa", "Which command reconfigures the system locale?", "dpkg-reconfigure locales", 3),
    ("exqa", "Which command makes nginx start automatically at boot?", "systemctl enable nginx", 4),
    (
        "exqa",
        "For how many years does the security team support Debian stable?",
        "about three years",
        2,
    ),
    (
        "qa",
        "What do administrators usually do instead of checking the root file system live?",
        "They force a check at the next boot.",
        5,
    ),
    (
        "qa",
        "What must users do to install a package from backports?",
        "Name the backports suite when installing.",
        7,
    ),
    (
        "qa",
        "Why would you use apt install ./file.deb rather than dpkg?",
        "Because apt also resolves the package's dependencies.",
        1,
    ),
    ("qa", "What does reportbug ask the user about?", "Which package is affected.", 6),
]
