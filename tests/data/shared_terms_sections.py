"""Sections of one small manual whose titles share the words every section uses.

Written for the topic_class tests (not copied from any manual): each title pairs a word
all sections say ("server", "network", "users", "files") with one its own text never
says, so no title is the one option naming the passage's key term and the right one is
told by meaning ("Server quotas" over a text on a limit to what users may store).
"""

CHUNKS = [
    "3.1. Server quotas\n\n"
    "Each of the users may store only a limited amount of data on the server. When a "
    "user goes over the limit, the server refuses to write any more of that user's files. "
    "The administrator raises the limit for a user who needs more room on the network.",
    "3.2. Network time\n\n"
    "Machines on the network keep their clocks in step by asking one server at regular "
    "intervals. A machine whose clock drifts would stamp files with wrong dates. The "
    "users never notice the small corrections that each machine makes to its clock.",
    "3.3. Users' mail\n\n"
    "Messages for the users are delivered to an inbox on the server. Each user reads the "
    "inbox from a desktop program that fetches new messages over the network. Old "
    "messages are kept as files in the user's home directory.",
    "3.4. Server backups\n\n"
    "Every night a copy of all the files on the server is written to a second disk. The "
    "copies of the last seven nights are kept, so that the users can get back a file "
    "they deleted by mistake. The second disk is never reachable over the network.",
    "3.5. Remote logins for users\n\n"
    "The users open a shell on the server from their own machines over the network. The "
    "connection is encrypted, so no one can read the passwords or the files on the way. "
    "An administrator can stop a user from opening a shell by locking the account.",
    "3.6. Network file sharing\n\n"
    "The server exports the home directories, so that the users see the same files on "
    "every machine of the network. A machine mounts the export at boot time. When the "
    "server is down, the users cannot open their files until it comes back.",
]
"""One call's chunks: a manual chapter whose sections all talk about servers and users."""
