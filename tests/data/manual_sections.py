"""Chunks shaped like an HTML manual's pages after loading: headings and the prose under them.

Written for the heading-based task tests (not copied from any manual, not a licence), in
the shape the HTML loader gives: one block per line of the page, separated by blank lines,
with the page's navigation ("Prev", "Next"), numbered headings, sidebar labels, footnote
markers ("[4]"), cross-references and command lines, as real manuals have.
"""

SECURING_FTP = (
    "5.3. Securing FTP\n\n"
    "Prev\n\nSecuring a Server Manual\n\nNext\n\n"
    "5.3. Securing FTP\n\n"
    "An FTP server sends user names and passwords in clear text over the network, so "
    "anyone on the path can read them. If you must run an FTP server, chroot its users "
    "to their home directories so that they cannot browse the rest of the "
    "filesystem.[13] Prefer SFTP, which encrypts the passwords and the files alike, "
    "wherever your users can switch to it.\n\n"
    "The vsftpd server confines its users when the chroot option is set in its "
    "configuration file. See Section 5.1, “Securing ssh” for the keys that SFTP uses.\n\n"
    "# echo 'chroot_local_user=YES' >> /etc/vsftpd.conf\n\n"
    "PrevSecuring ssh\n\nUp\n\nHome\n\nNextSecuring the mail service"
)

FIREWALL = (
    "6.2. Setting up a firewall\n\n"
    "A firewall filters the packets that reach a machine and drops those that no rule "
    "accepts. The kernel applies the rules in order, and the first rule that matches a "
    "packet decides what happens to it. A small server usually accepts incoming "
    "connections only on the ports of the services it offers and drops all the others.\n\n"
    "The rules are lost when the machine reboots unless a script loads them at boot time. "
    "Most administrators keep the rules in one file and load that file from a unit that "
    "runs before the network comes up."
)

NIS = (
    "7.4. Disabling NIS\n\n"
    "The Network Information Service shares password files between machines without any "
    "encryption. An attacker who can reach the NIS server can ask it for the password "
    "hashes of every user and crack them offline. Remove the nis package from every "
    "machine that does not need it, and move the remaining machines to an LDAP directory "
    "that requires authentication.[7]"
)

DEBCONF = (
    "4.4. Configuring Packages: debconf\n\n"
    "Many packages ask the administrator a few questions when they are installed. The "
    "debconf program asks these questions, stores the answers in its database and hands "
    "them to the package's scripts. The answers can be given in advance, so that an "
    "installation on many machines runs without anyone at the keyboard.\n\n"
    "The priority of a question decides whether it is asked at all. A question of low "
    "priority is answered with its default value unless the administrator asked to see "
    "every question."
)

INTRODUCTION = (
    "1.1. Introduction\n\n"
    "This handbook covers the daily work of an administrator of a small network. The "
    "first chapters describe the installation of a server and the tools that keep it "
    "running. The later chapters explain how each network service is set up and secured "
    "against common attacks."
)

MIRRORS = (
    "3.2. Choosing a mirror\n\n"
    "The package manager downloads packages from a mirror of the main archive. A mirror "
    "close to the machine usually answers faster than one on another continent. The "
    "mirror is named in the sources list, one line per archive and release, and can be "
    "changed at any time without reinstalling anything."
)

LOGS = (
    "8.1. Log rotation\n\n"
    "The system logger writes its messages to files under the log directory, and these "
    "files grow every day. The logrotate program renames each file once a week, "
    "compresses the older copies and deletes the oldest one. The number of copies that "
    "are kept and the interval between rotations are set for each file in its "
    "configuration."
)

QUESTION = (
    "How do I upgrade to a new release?\n\n"
    "A new stable release is announced on the project's mailing lists a few weeks in "
    "advance. Read the release notes first, because they list the packages that need "
    "special care during the upgrade. Then change the release name in the sources list, "
    "update the package lists and upgrade the packages in two steps, the minimal upgrade "
    "first."
)

CHUNKS = [SECURING_FTP, FIREWALL, NIS, DEBCONF, INTRODUCTION, MIRRORS, LOGS, QUESTION]
"""The chunks of one call, in the order a loader would give them."""

TITLES = {
    "Securing FTP",
    "Setting up a firewall",
    "Disabling NIS",
    "Configuring Packages: debconf",
    "Introduction",
    "Choosing a mirror",
    "Log rotation",
    "How do I upgrade to a new release?",
}
"""Every chunk's section title."""
