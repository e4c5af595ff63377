"""Hand-written passages about system administration (not a licence, not from samples/)."""

PASSAGES = [
    "The backup job runs every night at 2 o'clock and keeps 14 copies of each database. "
    "Old copies are removed by the cleanup script after two weeks. The backup server is "
    "located in the second data centre. Restores can be started from the web console by "
    "any administrator.",
    "The mail server accepts messages from 12 internal networks only. Spam is filtered by "
    "the rspamd service before delivery. Each mailbox can hold 5 gigabytes of messages. "
    "The quota is raised by the help desk on request. The mail server rejects attachments "
    "larger than 25 megabytes.",
    "The web cluster has 4 nodes behind a load balancer. Each node is rebooted once a month "
    "during the maintenance window. The configuration is stored in /etc/webcluster/nodes.conf "
    "and is checked by the deploy tool. Logs are kept for 30 days.",
    "New employees receive a laptop on their first day. The laptop is encrypted with a "
    "passphrase that the employee chooses. Lost laptops must be reported to the security "
    "team within 24 hours. The security team can wipe a lost laptop remotely. It uses the "
    "device management service for this.",
]

# A glossary-like passage of a version-control manual: its answers have wrong options of
# their own sort in the passage (noun phrases beside noun phrases, commands beside
# commands), which the administration notes above lack (a number's options must share its
# unit: "25 megabytes" is no option for "How many gigabytes ...?").
CHOICE_PASSAGE = (
    "A blob object stores the contents of a file. A tree object is written with "
    "git-write-tree(1), and its data can be read with git-ls-tree(1). A tag is created with "
    "git-mktag(1). Two trees can be compared with git-diff-tree(1). The index is a stored "
    "version of your working tree. A branch is a line of development. HEAD is a prime "
    "example of a symref."
)
