package dev.netune.inventory;

import java.util.Set;

/** The keywords of OpenSSH's ssh_config, and which of them netune reads, ignores or refuses. */
final class SshKeywords {
    private SshKeywords() {
    }

    /**
     * Every keyword of OpenSSH's ssh_config (lower case), current and deprecated. Only these are
     * ever named in messages: an inventory may point {@code sshConfig} at any file, and the words
     * of a credentials file must not end up in a CI log.
     */
    static final Set<String> ALL = Set.of(
            "host", "match", "include", "addkeystoagent", "addressfamily", "batchmode", "bindaddress",
            "bindinterface", "canonicaldomains", "canonicalizefallbacklocal", "canonicalizehostname",
            "canonicalizemaxdots", "canonicalizepermittedcnames", "casignaturealgorithms", "certificatefile",
            "channeltimeout", "checkhostip", "ciphers", "clearallforwardings", "compression",
            "connectionattempts", "connecttimeout", "controlmaster", "controlpath", "controlpersist",
            "dynamicforward", "enableescapecommandline", "enablesshkeysign", "escapechar", "exitonforwardfailure",
            "fingerprinthash", "forkafterauthentication", "forwardagent", "forwardx11", "forwardx11timeout",
            "forwardx11trusted", "gatewayports", "globalknownhostsfile", "gssapiauthentication",
            "gssapidelegatecredentials", "hashknownhosts", "hostbasedacceptedalgorithms", "hostbasedauthentication",
            "hostbasedkeytypes", "hostkeyalgorithms", "hostkeyalias", "hostname", "identitiesonly", "identityagent",
            "identityfile", "ignoreunknown", "ipqos", "kbdinteractiveauthentication", "kbdinteractivedevices",
            "kexalgorithms", "knownhostscommand", "localcommand", "localforward", "loglevel", "logverbose", "macs",
            "nohostauthenticationforlocalhost", "numberofpasswordprompts", "obscurekeystroketiming",
            "passwordauthentication", "permitlocalcommand", "permitremoteopen", "pkcs11provider", "port",
            "preferredauthentications", "proxycommand", "proxyjump", "proxyusefdpass", "pubkeyacceptedalgorithms",
            "pubkeyacceptedkeytypes", "pubkeyauthentication", "rekeylimit", "remotecommand", "remoteforward",
            "requesttty", "requiredrsasize", "revokedhostkeys", "securitykeyprovider", "sendenv", "serveralivecountmax",
            "serveraliveinterval", "sessiontype", "setenv", "stdinnull", "streamlocalbindmask",
            "streamlocalbindunlink", "stricthostkeychecking", "syslogfacility", "tag", "tcpkeepalive", "tunnel",
            "tunneldevice", "updatehostkeys", "user", "userknownhostsfile", "verifyhostkeydns", "visualhostkey",
            "xauthlocation", "protocol", "cipher", "rsaauthentication", "rhostsrsaauthentication",
            "challengeresponseauthentication", "skeyauthentication", "tisauthentication", "useprivilegedport",
            "useroaming", "usekeychain", "gssapikeyexchange", "gssapiclientidentity", "gssapiserveridentity",
            "gssapirenewalforcesrekey", "gssapitrustdns", "pubkeyauthoptions", "persourcemaxstartups",
            "persourcenetblocksize", "compressionlevel", "fallbacktorsh", "usersh", "smartcarddevice");

    /** Match criteria OpenSSH knows, the only words of a Match line named in a message. */
    static final Set<String> MATCH_CRITERIA = Set.of("all", "canonical", "final", "exec", "localnetwork",
            "host", "originalhost", "tagged", "user", "localuser", "version", "sessiontype", "command", "address",
            "localaddress", "localport", "rdomain");

    /** Keywords whose first value wins and that netune uses. */
    static final Set<String> READ = Set.of("hostname", "port", "user", "identitiesonly", "identityagent",
            "proxyjump", "proxycommand", "userknownhostsfile", "globalknownhostsfile", "connecttimeout",
            "hashknownhosts", "stricthostkeychecking");

    /** Keywords whose every value counts, in order. */
    static final Set<String> ACCUMULATE = Set.of("identityfile");

    /**
     * Keywords that change where or how ssh connects or which host key it accepts, which netune
     * does not implement: a host they apply to is refused rather than reached differently.
     * The value shows when a keyword is harmless anyway ({@code CanonicalizeHostname no}).
     */
    static final Set<String> REFUSED = Set.of("hostkeyalias", "knownhostscommand", "canonicalizehostname",
            "bindaddress", "bindinterface", "certificatefile", "pkcs11provider", "securitykeyprovider",
            "proxyusefdpass", "addressfamily", "revokedhostkeys", "verifyhostkeydns");

    /** Values of a refused keyword that mean "as by default", so the line changes nothing. */
    static boolean harmless(String keyword, String value) {
        String v = value.toLowerCase(java.util.Locale.ROOT);
        return switch (keyword) {
            case "canonicalizehostname", "proxyusefdpass", "verifyhostkeydns" -> v.equals("no");
            case "addressfamily" -> v.equals("any");
            case "pkcs11provider", "revokedhostkeys", "knownhostscommand", "hostkeyalias" ->
                    v.equals("none");
            default -> false;
        };
    }
}
