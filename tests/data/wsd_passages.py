"""Hand-written passages in a system administrator's handbook style, for the wsd tests.

Written for these tests (not copied from any manual, not a licence): sentences of the length
real handbooks have (70-150 characters), each using words that also have an everyday sense
(package, file, server, kernel, shell, log, port...) in the manual's technical sense.
"""

PASSAGES = [
    "Every package in the archive is signed, and the package manager checks the signature "
    "before it unpacks anything. A package that fails the check is refused, and an error is "
    "written to the system log. The list of installed files of each package is kept under "
    "/var/lib/dpkg/info for later removal. When a file is shared by two packages, the second "
    "package cannot be installed until the conflict is resolved. The command apt-get source "
    "downloads the source of a package into the current directory.",
    "The kernel is loaded by the boot loader and mounts the root filesystem read-only at "
    "first. Each kernel module is built for one kernel version and is kept in its own "
    "directory under /lib/modules. A driver that the kernel does not ship can be built from "
    "source with the dkms framework after every upgrade. When the kernel runs short of "
    "memory, it starts to move the pages of idle processes to the swap partition. The boot "
    "messages of the kernel can be read again later with the dmesg command.",
    "The SSH server listens on TCP port 22 unless another port is set in its configuration "
    "file. Each client that connects to the server must first prove its identity with a "
    "password or a key. The server writes every failed login to the authentication log, "
    "which the administrator reads each morning. A firewall rule can restrict the port to "
    "the addresses of the office network only. The daemon is restarted with systemctl after "
    "every change to its configuration.",
    "A shell reads each command that the user types and starts the matching program with "
    "its arguments. The output of one command can be sent to another through a pipe, which "
    "the shell creates for the two processes. Most users run the bash shell in a terminal "
    "window of their graphical desktop. The history of the shell is saved in a hidden file "
    "in the home directory of each user. A shell script is a plain text file holding a list "
    "of commands to run one after the other.",
    "The web server answers requests for every site that is hosted on this machine. Each "
    "virtual host has its own directory of pages and its own log of every request it "
    "received. The server keeps a cache of compiled pages so that frequent requests are "
    "answered more quickly. A patch for a security bug in the web server is installed "
    "within a day of its publication. A daemon checks every five minutes that the web "
    "server still answers on its port.",
    "The installer creates a separate partition for the home directories when the "
    "corresponding option is chosen. Each partition is formatted with a filesystem before it "
    "can be mounted anywhere in the tree. The mount command attaches a partition to a "
    "directory, which is then called its mount point. A partition that is listed in "
    "/etc/fstab is mounted automatically at every boot of the machine. An encrypted "
    "partition asks for its passphrase before the boot can continue.",
    "A shared library holds code that many programs use, so that it is kept in memory only "
    "once. When a library is upgraded, every program that uses it must be restarted to load "
    "the new version. The dynamic linker finds each library through a cache that the "
    "ldconfig command rebuilds after every change. A bug in a widely used library can affect "
    "hundreds of programs at the same time on one host. The package of a library usually "
    "carries the version of its interface in its name.",
    "The desktop environment starts a session for each user after a successful login at the "
    "graphical greeter. Each application opens its own window, and the window manager "
    "decides where the window is placed on the screen. The main menu of the desktop lists "
    "every installed application by category for easy access. A bug report about the "
    "desktop should name the version of each package involved. The virus scanner for mail "
    "attachments runs as a daemon and is updated every hour.",
]
"""Handbook-like passages whose sentences have a handbook's lengths."""
