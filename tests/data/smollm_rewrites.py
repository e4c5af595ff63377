# ruff: noqa: E501
"""Real rewrites by the embedded SmolLM2-135M (vLLM, CPU) of debian-handbook sentences.

Sampled by benchmarks/rewrite_sample.py on 6 handbook pages (apt-get, backup, inetd, ipv6,
hostname-name-service, dhcp), 2026-12-06; every one here passed the checks of that time and
was then read and judged. WRONG_* change the meaning; RIGHT_PARAPHRASES keep it.
"""

from __future__ import annotations

WRONG_PARAPHRASES: list[tuple[str, str]] = [
    # From the second sample (kernel-compilation, ldap-directory, remote-login, supervision,
    # network-config, config-misc): the two wrong ones the first version of the checks kept.
    (
        "Already built modules need to be rebuilt, to be signed by the newly created and enrolled certificate.",
        "Already built modules need to be rebuilt, to be signed by the newly created and enrolled certificates.",
    ),
    (
        "The Debian package already contains filters for many common programs.",
        "Debian packages already contain filters for many common programs.",
    ),
    (
        "The problem does not arise with dpkg, but the administrator rarely uses it directly.",
        "The problem is not a dpkg, but the administrator rarely uses it directly.",
    ),
    (
        "Instead they create it during installation by either copying a skeleton or writing it by a script.",
        "Instead, they create their own books by copying a skeleton or writing it by a script.",
    ),
    (
        "APT keeps a copy of each downloaded .deb file in the directory /var/cache/apt/archives/.",
        "The library keeps a copy of each downloaded .deb file in the directory /var/cache/apt/archives/.",
    ),
    (
        "For instance, you might want to extend one distribution with one or two newer packages from Testing, Unstable or Experimental.",
        "For instance, you might want to extend one distribution with one or two new packages from Testing, Unstable, or Experimental.",
    ),
    (
        "Each installed package version has a priority of 100.",
        "Each installed package has a priority of 100.",
    ),
    (
        "The available selection criteria include the package's name and the source providing it.",
        "The available selection criteria include the package's name, the source providing it, and the source's name.",
    ),
    (
        "The available selection criteria include the package's name and the source providing it.",
        "The available selection criteria include the package's name, source providing it, and the source providing it.",
    ),
    (
        "Some of them provide user-friendly web interfaces to mitigate this.",
        "Some users offer user-friendly web interfaces to mitigate this.",
    ),
    (
        "Users can easily create backups of their filesystems with timeshift, fsarchiver, duplicity, or even dd.",
        "Users can create backups of their filesystems with timeshift, fsarchiver, duplicity, or even timeshift.",
    ),
    (
        "Users can easily create backups of their filesystems with timeshift, fsarchiver, duplicity, or even dd.",
        "Users can create backups of their filesystems with timeshift, fsarchiver, duplicity, or even dd.",
    ),
    (
        "The rsync command (from the package of the same name) is used daily to back up these different servers.",
        "The rsync command (from the package of the same name) is used daily to back up servers.",
    ),
    (
        "To reduce the storage space required, you will only store a complete text file per week, and a diff each day, which is created with a command of the type diff file_from_yesterday file_from_today.",
        "To reduce the storage space required, you will only store a complete text file per week, and a modified version of the file that is created with a command of the type diff file_from_today file_from_today.",
    ),
    (
        "So you should not start the arguments list with tcpd but with the program that must be wrapped.",
        "So you should not start the arguments list with the program that must be wrapped.",
    ),
    (
        "So you should not start the arguments list with tcpd but with the program that must be wrapped.",
        "So you should not start the arguments list with a program that must be wrapped.",
    ),
    (
        "Most of these alternatives share the same configuration file /etc/inetd.conf.",
        "The configuration file /etc/inetd.conf is the same.",
    ),
    (
        "Most of these alternatives share the same configuration file /etc/inetd.conf.",
        "The most common alternatives share the same configuration file /etc/inetd.conf.",
    ),
    (
        "Most of the packages in Debian have been adapted already, but not all.",
        "Most of the packages in Debian have been adapted to other platforms, but not all.",
    ),
    (
        "In our case, the only required change is the prefix, which needs to be replaced with the one provided by Hurricane Electric; it can be found in the output of the ip a command, in the block concerning the he-ipv6 interface.",
        "In our case, the only required change is the prefix, which needs to be replaced with the one provided by Hurricane Electric; it can be found in the output of the he-ipv6 interface.",
    ),
    (
        "The purpose of assigning names to IP numbers is to make them easier for people to remember.",
        "The purpose of assigning IP addresses to names is to make it easier for people to remember.",
    ),
    (
        "If there is no name server on the local network, it is still possible to establish a small table mapping IP addresses and machine hostnames in the /etc/hosts file, usually reserved for local network stations.",
        "If there is no name server, it is still possible to establish a small table mapping IP addresses and machine hostnames in the /etc/hosts file, usually reserved for local network stations.",
    ),
    (
        "If there is no name server on the local network, it is still possible to establish a small table mapping IP addresses and machine hostnames in the /etc/hosts file, usually reserved for local network stations.",
        "If there is no name server on the local network, it is still possible to establish a small table mapping IP addresses and machine hostnames in the /etc/hosts file, usually reserved for local network stations, but it is not possible to establish a small table mapping IP addresses and machine hostnames in the /etc/hosts file that is not configured to be a server.",
    ),
]

RIGHT_PARAPHRASES: list[tuple[str, str]] = [
    (
        "To achieve this, official Debian mirrors distribute different files which list the differences between one version of the Packages file and the following version.",
        "The official Debian mirrors distribute different files which list the differences between one version of the Packages file and the next version.",
    ),
    (
        "To achieve this, official Debian mirrors distribute different files which list the differences between one version of the Packages file and the following version.",
        "To achieve this, official Debian mirrors distribute different files which list the differences between one version of the Packages file and the next version.",
    ),
    (
        "With an apt remove command, add \u201c+\u201d to the names of the packages you wish to install.",
        "With an apt remove command, add the words \u201c+\u201d to the names of the packages you wish to install.",
    ),
    (
        "In such cases the commands shown above won't work.",
        "The commands shown above won't work in such cases.",
    ),
    (
        "If new packages appear on the system and if debfoster doesn't know them as required packages, they will be shown on the screen together with a list of their dependencies.",
        "If new packages appear on the system and debfoster doesn't know them as required, they will be shown together with a list of their dependencies.",
    ),
    (
        "Packages frequently want to register a new server in the /etc/inetd.conf file, but Debian Policy prohibits any package from modifying a configuration file that it doesn't own.",
        "Packages frequently want to register a new server in the /etc/inetd.conf file, but Debian Policy prohibits any package from modifying a configuration file that they don't own.",
    ),
    (
        "Incoming connections can still use the address generated by SLAAC.",
        "Incoming connections can use the address generated by SLAAC.",
    ),
    (
        "The purpose of assigning names to IP numbers is to make them easier for people to remember.",
        "The purpose of assigning names to IP addresses is to make it easier for people to remember.",
    ),
    (
        "Surprisingly, the domain name is not managed in the same way, but comes from the complete name of the machine, acquired through name resolution.",
        "The domain name is not managed in the same way, but comes from the complete name of the machine, acquired through name resolution.",
    ),
    (
        "Be aware that the commands specifically intended to query DNS (especially host) do not use the standard name resolution mechanism (NSS).",
        "The commands specifically intended to query DNS (especially host) do not use the standard name resolution mechanism (NSS).",
    ),
    (
        "For example, hostnames of servers dedicated to serving ads could be diverted which would bypass these ads resulting in more fluid, less distracting, navigation.",
        "For example, a hostname of servers dedicated to serving ads could be diverted which would bypass these ads resulting in more fluid, less distracting, navigation.",
    ),
    (
        "Another possible use is to redirect traffic intended for a specific host to the localhost, thus preventing any communication with the given host.",
        "Another possible use is to redirect traffic intended for a specific host to the localhost, thus preventing communication with the host.",
    ),
    (
        "Another possible use is to redirect traffic intended for a specific host to the localhost, thus preventing any communication with the given host.",
        "Another possible use is to redirect traffic intended for a specific host to the localhost, thereby preventing any communication with the given host.",
    ),
    (
        "DHCP (for Dynamic Host Configuration Protocol) is a protocol by which a machine can automatically get its network configuration when it boots.",
        "DHCP (Dynamic Host Configuration Protocol) is a protocol that allows a machine to automatically get its network configuration when it boots.",
    ),
    (
        "DHCP (for Dynamic Host Configuration Protocol) is a protocol by which a machine can automatically get its network configuration when it boots.",
        "DHCP (Dynamic Host Configuration Protocol) is a protocol that allows a machine to automatically get its network configuration when it boots.",
    ),
]

WRONG_SUMMARIES: list[tuple[str, str]] = [
    (
        "For more important upgrades, such as the change from one major Debian version to the next, you need to use apt full-upgrade. With this instruction, apt will complete the upgrade even if it has to remove some obsolete packages or install new dependencies. This is also the command used by users who work daily with the Debian Unstable release and follow its evolution day by day. It is so simple that it hardly needs explanation: APT's reputation is based on this great functionality.\n\nUnlike apt and aptitude, apt-get doesn't know the full-upgrade command. Instead, you should use apt-get dist-upgrade (\u201ddistribution upgrade\u201d), the historical and well-known command that apt and aptitude also accept for the convenience of users who got used to it.\n\nThe results of these operations are logged into /var/log/apt/history.log and /var/log/apt/term.log, whereas dpkg keeps its log in a file called /var/log/dpkg.log.\n\n6.2.4. Configuration Options\n\nBesides the configuration elements already mentioned, it is possible to configure certain aspects of APT by adding directives in a file of the /etc/apt/apt.conf.d/ directory or /etc/apt/apt.conf itself. Remember, for instance, that it is possible for APT to tell dpkg to ignore file conflict errors by specifying DPkg::options { \"--force-overwrite\"; }.",
        "The configuration options are available in the /etc/apt/apt.conf.d/ directory and are configured to be used by dpkg to ignore file conflict errors.",
    ),
    (
        'If the Web can only be accessed through a proxy, add a line like Acquire::http::proxy "http://yourproxy:3128". For an FTP proxy, write Acquire::ftp::proxy "ftp://yourproxy". To discover more configuration options, read the apt.conf(5) manual page (for details on manual pages, see Section 7.1.1, \u201cManual Pages\u201d).\n\nBACK TO BASICS Directories ending in .d\n\nDirectories with a .d suffix are used more and more often. Each directory represents a configuration file which is split over multiple files. In this sense, all of the files in /etc/apt/apt.conf.d/ are instructions for the configuration of APT. APT includes them in alphabetical order, so that the last ones can modify a configuration element defined in one of the first ones.',
        "The configuration files in /etc/apt/apt.conf.d/ are the configuration files which are split over multiple files.",
    ),
    (
        "APT will never install an older version of a package (that is, a package whose version number is lower than the one of the currently installed package) except if its priority is higher than 1000 (or it is explicitly requested by the user, see Section 6.2.2, \u201cInstalling and Removing\u201d). APT will always install the highest priority package which follows this constraint. If two packages have the same priority, APT installs the newest one (whose version number is the highest). If two packages of same version have the same priority but differ in their content, APT installs the version that is not installed (this rule has been created to cover the case of a package update without the increment of the revision number, which is usually required).\n\nIn more concrete terms, a package whose priority is\n\n< 0\n\nwill never be installed,\n\n1..99\n\nwill only be installed if no other version of the package is already installed,\n\n100..499\n\nwill only be installed if there is no other newer version installed or available in another distribution,\n\n500....989\n\nwill only be installed if there is no newer version installed or available in the target distribution,\n\n990..1000\n\nwill be installed except if the installed version is newer,\n\n> 1000\n\nwill always be installed, even if it forces APT to downgrade to an older version.",
        "The library will always install the newest version of the most priority package, and will never install any other package.",
    ),
    (
        "The bank setting indicates the directory in which the backups are stored. The exclude setting allows you to indicate files (or file types) to exclude from the backup. The Runall is a list of file sets to backup with a time-stamp for each set, which allows you to assign the correct date to the copy, in case the backup is not triggered at precisely the assigned time. You have to indicate a time just before the actual execution time (according to /etc/cron.d/dirvish). Finally, the expire-default and expire-rule settings define the expiration policy for backups. The above example keeps forever backups that are generated on the first Sunday of each quarter, deletes after one year those from the first Sunday of each month, and after 3 months those from other Sundays. Other daily backups are kept for 15 days. The order of the rules does matter, Dirvish uses the last matching rule, or the expire-default one if no other expire-rule matches.\n\nIN PRACTICE Scheduled expiration\n\nThe expiration rules are not used by dirvish-expire to do its job. In reality, the expiration rules are applied when creating a new backup copy to define the expiration date associated with that copy. dirvish-expire simply peruses the stored copies and deletes those for which the expiration date has passed.\n\nExample 9.4. The /backup/root/dirvish/default.conf file",
        "The following file is used to define the expiration date of a copy of the default.conf file.",
    ),
    (
        "Example 9.4. The /backup/root/dirvish/default.conf file\n\nclient: rivendell.falcot.com tree: / xdev: 1 index: gzip image-default: %Y%m%d exclude: /var/cache/apt/archives/*.deb /var/cache/man/** /tmp/** /var/tmp/** *.bak\n\nThe above example specifies the set of files to back up: these are files on the machine rivendell.falcot.com (for local data backup, simply specify the name of the local machine as indicated by hostname), especially those in the root tree (tree: /), except those listed in exclude. The backup will be limited to the contents of one filesystem (xdev: 1). It will not include files from other mount points. An index of saved files will be generated (index: gzip), and the image will be named according to the current date (image-default: %Y%m%d).\n\nThere are many options available, all documented in the dirvish.conf(5) manual page. Once these configuration files are setup, you have to initialize each file set with the dirvish --vault vault --init command. From there on the daily invocation of dirvish-runall will automatically create a new backup copy just after having deleted those that expired.\n\nIN PRACTICE Remote backup over SSH\n\nWhen dirvish needs to save data to a remote machine, it will use ssh to connect to it, and will start rsync as a server. This requires the root user to be able to automatically connect to it. The use of an SSH authentication key allows precisely that (see Section 9.2.1.1, \u201cKey-Based Authentication\u201d).",
        "The above example shows how to use the ssh command to create a remote copy of the file /var/cache/man.",
    ),
    (
        "TIP Programs built with IPv6\n\nMany pieces of software need to be adapted to handle IPv6. Most of the packages in Debian have been adapted already, but not all. If your favorite package does not work with IPv6 yet, you can ask for help on the debian-ipv6 mailing-list. They might know about an IPv6-aware replacement and could file a bug to get the issue properly tracked.\n\n\u2192 https://lists.debian.org/debian-ipv6/\n\nIPv6 connections can be restricted, in the same fashion as for IPv4. nft can be used to create firewall rules for IPv4 and IPv6 (see Section 14.2.3, \u201cSyntax of nft\u201d).\n\n10.6.1. Tunneling\n\nCAUTION IPv6 tunneling and firewalls\n\nIPv6 tunneling over IPv4 (as opposed to native IPv6) requires the firewall to accept the traffic, which uses IPv4 protocol number 41.\n\nIf a native IPv6 connection is not available, the fallback method is to use a tunnel over IPv4. Hurricane Electric is one (free) provider of such tunnels:\n\n\u2192 https://tunnelbroker.net\n\nTo use a Hurricane Electric tunnel, you need to register an account, login, select a free tunnel and edit the file /etc/network/interfaces with the generated code.\n\nYou can install and configure the radvd daemon (from the similarly-named package) if you want to use the configured computer as a router for a local network. This IPv6 configuration daemon has a role similar to dhcpd in the IPv4 world.",
        "You can configure Hurricane Electric to use a tunnel over IPv6.",
    ),
    (
        "/sys/ in particular is designed to provide access to internal kernel objects, especially those representing the various devices in the system. The kernel can, thus, share various pieces of information: the status of each device (for example, if it is in energy saving mode), whether it is a removable device, etc. Note that /sys/ has only existed since kernel version 2.6. /proc/ describes the current state of the kernel: the files in this directory contain information about the processes running on the system and its hardware.\n\nSurprisingly, the domain name is not managed in the same way, but comes from the complete name of the machine, acquired through name resolution. You can change it in the /etc/hosts file; simply write a complete name for the machine there at the beginning of the list of names associated with the address of the machine, as in the following example:\n\n127.0.0.1 localhost 192.168.0.1 arrakis.falcot.com arrakis\n\n8.3.1. Name Resolution\n\nThe mechanism for name resolution in Linux is modular and can use various sources of information declared in the /etc/nsswitch.conf file. The entry that involves host name resolution is hosts. By default, it contains files dns, which means that the system consults the /etc/hosts file first, then DNS servers. NIS/NIS+ or LDAP servers are other possible sources.\n\nNOTE NSS and DNS",
        "/etc/hosts contains a list of hosts that can be accessed using the host name.",
    ),
    (
        "8.3.1.2. The /etc/hosts file\n\nIf there is no name server on the local network, it is still possible to establish a small table mapping IP addresses and machine hostnames in the /etc/hosts file, usually reserved for local network stations. The syntax of this file as described in hosts(5) is very simple: each line indicates a specific IP address followed by the list of any associated names (the first being \u201ccompletely qualified\u201d, meaning it includes the domain name).\n\nThis file is available even during network outages or when DNS servers are unreachable, but will only really be useful when duplicated on all the machines on the network. The slightest alteration in correspondence will require the file to be updated everywhere. This is why /etc/hosts generally only contains the most important entries.\n\nThis file will be sufficient for a small network not connected to the Internet, but with 5 machines or more, it is recommended to install a proper DNS server.\n\nTIP Bypassing DNS\n\nSince applications check the /etc/hosts file before querying DNS, it is possible to include information in there that is different from what the DNS would return, and therefore to bypass normal DNS-based name resolution.\n\nThis allows, in the event of DNS changes not yet propagated, to test access to a website with the intended name even if this name is not properly mapped to the correct IP address yet.",
        "This is not possible with normal DNS-based name resolution.",
    ),
    (
        'Example 10.15. Excerpt of /etc/dhcp/dhcpd.conf\n\n# # Sample configuration file for ISC dhcpd for Debian #\n\n# The ddns-updates-style parameter controls whether or not the server will # attempt to do a DNS update when a lease is confirmed. We default to the # behavior of the version 2 packages (\'none\', since DHCP v2 didn\'t # have support for DDNS.) ddns-update-style interim;\n\n# option definitions common to all supported networks... option domain-name "internal.falcot.com"; option domain-name-servers ns.internal.falcot.com;\n\ndefault-lease-time 600; max-lease-time 7200;\n\n# If this DHCP server is the official DHCP server for the local # network, the authoritative directive should be uncommented. authoritative;\n\n# Use this to send dhcp log messages to a different log file (you also # have to hack syslog.conf to complete the redirection). log-facility local7;\n\n# My subnet subnet 192.168.0.0 netmask 255.255.255.0 { option routers 192.168.0.1; option broadcast-address 192.168.0.255; range 192.168.0.128 192.168.0.254; ddns-domainname "internal.falcot.com"; }\n\n10.8.2. DHCP and DNS\n\nA nice feature is the automated registering of DHCP clients in the DNS zone, so that each machine gets a significant name (rather than something impersonal such as machine-192-168-0-131.internal.falcot.com). Using this feature requires configuring the DNS server to accept updates to the internal.falcot.com DNS zone from the DHCP server, and configuring the latter to submit updates for each registration.',
        "The DHCP server is configured to send DHCP logs to a different log file, and the DNS server is configured to send DNS logs to a different log file.",
    ),
    (
        'Example 10.15. Excerpt of /etc/dhcp/dhcpd.conf\n\n# # Sample configuration file for ISC dhcpd for Debian #\n\n# The ddns-updates-style parameter controls whether or not the server will # attempt to do a DNS update when a lease is confirmed. We default to the # behavior of the version 2 packages (\'none\', since DHCP v2 didn\'t # have support for DDNS.) ddns-update-style interim;\n\n# option definitions common to all supported networks... option domain-name "internal.falcot.com"; option domain-name-servers ns.internal.falcot.com;\n\ndefault-lease-time 600; max-lease-time 7200;\n\n# If this DHCP server is the official DHCP server for the local # network, the authoritative directive should be uncommented. authoritative;\n\n# Use this to send dhcp log messages to a different log file (you also # have to hack syslog.conf to complete the redirection). log-facility local7;\n\n# My subnet subnet 192.168.0.0 netmask 255.255.255.0 { option routers 192.168.0.1; option broadcast-address 192.168.0.255; range 192.168.0.128 192.168.0.254; ddns-domainname "internal.falcot.com"; }\n\n10.8.2. DHCP and DNS\n\nA nice feature is the automated registering of DHCP clients in the DNS zone, so that each machine gets a significant name (rather than something impersonal such as machine-192-168-0-131.internal.falcot.com). Using this feature requires configuring the DNS server to accept updates to the internal.falcot.com DNS zone from the DHCP server, and configuring the latter to submit updates for each registration.',
        "The DHCP server is able to register and send DHCP messages to a different log file (you also have to hack syslog.conf to complete the redirection).",
    ),
]
