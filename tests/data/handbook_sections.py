"""Multi-paragraph passages written in the style of a system administration handbook.

Hand-written for the tests (no text of the manuals used for tuning or judging): each
passage has headings and two or more paragraphs, as a chunk of an HTML manual does, so
tasks that read a paragraph and the rest of its passage (sentence completion) have the
material a real chunk gives.
"""

SECTIONS = [
    "6.2. Package Caches\n\n"
    "The package manager keeps every downloaded archive in a local cache. The cache lives "
    "in /var/cache/apt/archives on most systems. Over a year of updates it can grow to "
    "several gigabytes of old packages. The apt clean command empties the whole cache in "
    "one step.\n\n"
    "Mirrors publish a signed Release file for each distribution. APT checks the "
    "signature of this file before it trusts the package lists. A package whose checksum "
    "does not match the list is refused. The keys used for these checks are stored in "
    "/etc/apt/trusted.gpg.d on the local machine.\n\n"
    "6.2.1. Proxies\n\n"
    "A caching proxy saves bandwidth when many machines share one connection. The "
    "apt-cacher-ng package provides such a proxy for a small office network. Clients "
    "point their Acquire::http::Proxy option at the proxy server.",
    "9.3. Scheduling Tasks\n\n"
    "The cron daemon runs commands at fixed times on behalf of users and services. Each "
    "user may edit a personal table with the crontab -e command. The system tables are "
    "kept under /etc/cron.d and read by the daemon every minute. A line of such a table "
    "holds five time fields followed by the command to run.\n\n"
    "Laptops are often switched off when a job is due. The anacron program catches up on "
    "daily, weekly and monthly jobs that were missed. It records the date of the last run "
    "of each job in a small file under /var/spool/anacron.\n\n"
    "The at command schedules a single job for a later moment. Its queue is stored in "
    "/var/spool/cron/atjobs until the job has run. The atq command lists the jobs still "
    "waiting in the queue.",
    "11.4. Mail Server\n\n"
    "The Postfix daemon accepts mail from the local network and from the Internet. Its "
    "main configuration file is /etc/postfix/main.cf on a Debian system. Every change to "
    "this file takes effect after the service is reloaded. The mynetworks setting lists "
    "the networks allowed to relay mail through the server.\n\n"
    "Spam filtering happens before a message reaches a mailbox. The rspamd service "
    "scores each incoming message against a set of rules. Messages with a high score are "
    "moved to a separate folder of the recipient.\n\n"
    "Mailboxes are stored in the Maildir format under the home directory of each user. "
    "The Dovecot server gives users access to their mail over IMAP. A quota of 5 "
    "gigabytes per mailbox is enforced by Dovecot on the shared disk.",
]
