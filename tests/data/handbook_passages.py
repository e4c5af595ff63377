"""Hand-written passages in the style of a system administrator's handbook.

Written for the construction-balance tests (not copied from any manual, not a licence):
plain declarative sentences with numbers, negations, opposites and words that also have an
everyday sense, as real handbook prose has.
"""

PASSAGES = [
    "The package manager keeps a local cache of every downloaded package. The cache is "
    "stored in /var/cache/apt/archives on most systems. The cache can grow to several "
    "gigabytes after a year of updates. Old files in the cache are not removed "
    "automatically. The cache is cleaned with the autoclean command once a week. A package "
    "file that is still installed cannot be deleted by autoclean. The package cache is "
    "shared by all users of the machine.",
    "The SSH server listens on port 22 by default. Root logins are disabled in the default "
    "configuration. The port can be changed in the file /etc/ssh/sshd_config. Password "
    "authentication is allowed for ordinary users. Each key is stored in the home directory "
    "of its owner. The server does not accept keys shorter than 2048 bits. A client "
    "connects to the server with the ssh command.",
    "The kernel loads a driver for each device that it detects at boot. A driver is a "
    "module that is kept under /lib/modules. Modules can be loaded by hand with the modprobe "
    "command. The kernel does not load modules that are listed in the blacklist. Each module "
    "is built for one kernel version only. The boot process takes about 20 seconds on a "
    "typical server.",
    "The backup script runs every night at 2 o'clock. It keeps 14 copies of each database "
    "on the backup server. The oldest copy is removed before a new one is written. Restores "
    "are started by hand from the web console. The backup server is located in the second "
    "data centre. Backups are not encrypted on the local disk. The backup log is sent to "
    "the administrators every morning.",
    "The firewall rules are stored in a table for each protocol. Incoming connections are "
    "dropped unless a rule accepts them. Outgoing connections are allowed by default. The "
    "rules are loaded at boot by a systemd service. A rule can match the source address of "
    "a packet. The table is not saved when the rules are changed by hand. The nft command "
    "lists every table and its rules.",
    "The mail server accepts messages from 12 internal networks only. Spam is filtered by "
    "the rspamd service before delivery. Each mailbox can hold 5 gigabytes of messages. The "
    "quota is raised by the help desk on request. Attachments larger than 25 megabytes are "
    "rejected. The mail server does not relay messages for outside senders. The mail log "
    "is kept for 30 days.",
    "The web server runs 8 worker processes on each node. Each worker can serve 250 "
    "connections at the same time. The configuration file is read when the service starts. "
    "Static files are served from the /srv/www directory. The server is restarted after "
    "every change to its modules. Directory listings are disabled on the public site. The "
    "access log is rotated every week.",
    "The root account is locked on new installations. Administrators use sudo to run "
    "commands as root. The sudo rules are kept in the file /etc/sudoers. A user must belong "
    "to the sudo group to run every command. The password is asked again after 15 minutes. "
    "Members of the group cannot read the shadow file directly. Each sudo command is "
    "recorded in the system journal.",
    "The file system is checked at boot after 30 mounts. The check can take an hour on a "
    "large disk. A journal is kept for every mounted file system. The root file system is "
    "mounted read-only during the check. Errors are repaired automatically when the repair "
    "is safe. The check is not run on network file systems. The fsck command starts a "
    "check by hand.",
    "The print server shares 6 printers with the office network. Print jobs are kept in a "
    "queue until the printer is ready. A job can be cancelled by its owner at any time. The "
    "queue is emptied when the server restarts. Colour printing is disabled for guest "
    "accounts. The printer driver is installed on the server only. Clients do not need a "
    "driver of their own.",
    "The DNS resolver caches each answer for the time given by the zone. The cache is "
    "cleared when the resolver restarts. Queries are sent to 2 upstream servers in turn. "
    "The resolver is configured in the file /etc/resolv.conf. A local zone can override "
    "answers from the upstream servers. The resolver does not answer queries from outside "
    "networks. Each query is logged when debugging is enabled.",
    "The terminal server accepts 40 remote sessions at a time. Each session runs its own "
    "desktop on the server. The desktop is closed after 2 hours without input. Sessions are "
    "encrypted between the client and the server. The sound channel is disabled by default. "
    "A user can reconnect to a session that is still open. The terminal server is patched "
    "every month.",
    "The release team publishes a new stable release every 2 years. Each release is "
    "supported for 3 years with security updates. The first release candidate is tested "
    "for a month. A package with release-critical bugs is removed from the release. The "
    "release notes list every known problem. Upgrades are not supported across two "
    "releases. The release is announced on the public mailing list.",
    "The version control server hosts 120 repositories. Each branch is protected against "
    "forced pushes. A merge request needs the approval of 2 reviewers. The main branch is "
    "built by the continuous integration service after each merge. Old branches are "
    "deleted after 90 days. Tags cannot be moved once they are pushed. The server is "
    "backed up every night.",
    "The monitoring service checks each host every 5 minutes. An alert is sent when a host "
    "does not answer 3 checks in a row. Alerts are sent by mail and by text message. The "
    "thresholds can be changed for each service. Disk usage above 90 percent raises a "
    "warning. The monitoring service does not restart failed services. Each alert is "
    "recorded in the history of its host.",
    "The virtual machines run on 4 physical hosts. Each host has 256 gigabytes of memory. "
    "A virtual machine can be moved to another host while it runs. The disks of the "
    "virtual machines are stored on a shared storage array. Snapshots are taken before "
    "every upgrade. The hypervisor does not allow more memory than the host has. The "
    "console of each machine is reached through the management interface.",
    "The database server keeps its data in /var/lib/postgresql. Connections are accepted "
    "on port 5432 from the application servers only. Each application has its own user and "
    "password. Queries that run longer than 30 seconds are cancelled. The database is "
    "replicated to a standby server in the other data centre. The standby server cannot "
    "accept writes. The replication lag is shown on the monitoring page.",
    "The shell reads the file .bashrc when an interactive session starts. Aliases are "
    "defined in the same file. The shell history keeps the last 1000 commands. Commands "
    "that start with a space are not saved in the history. A login shell also reads the "
    "file .profile. The default shell of new users is bash. Each user can change the shell "
    "with the chsh command.",
]
