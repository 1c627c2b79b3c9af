package dev.netune.setting.nic;

import dev.netune.fact.FactSource;
import dev.netune.fact.Section;
import dev.netune.transport.ShellScript;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The other programs' NIC settings on a host: NetworkManager connections ({@code [ethtool]},
 * MTU), systemd {@code .link} files and the active tuned profile ({@code [net]}, {@code [sysfs]}),
 * as read in the gather round trip. Each may set what netune sets and overwrite it later.
 *
 * <p>Only what matters is printed: NetworkManager keyfiles hold secrets (Wi-Fi keys, 802.1X
 * passwords), so the fragment passes on just the {@code [connection]} id/interface-name/type, the
 * ethernet MAC/MTU, {@code [match]} and {@code [ethtool]} lines. Every file is cut at 16 KiB, and
 * at most 64 files per directory are read.
 */
record NicOwners(List<Ini> networkManager, List<String> unreadable, List<Ini> linkFiles,
                 List<String> tunedActive, List<Ini> tunedProfiles) {

    /** One file: its path (and tuned profile name) and its lines in order. */
    record Ini(String path, String name, boolean masked, List<IniText.Entry> entries) {
        Ini {
            entries = List.copyOf(entries);
        }
    }

    NicOwners {
        networkManager = List.copyOf(networkManager);
        unreadable = List.copyOf(unreadable);
        linkFiles = List.copyOf(linkFiles);
        tunedActive = List.copyOf(tunedActive);
        tunedProfiles = List.copyOf(tunedProfiles);
    }

    static final NicOwners NONE = new NicOwners(List.of(), List.of(), List.of(), List.of(), List.of());

    static final String KIND = "nic-owner";
    static final List<String> LINK_DIRS = List.of("/etc/systemd/network", "/run/systemd/network",
            "/usr/lib/systemd/network", "/lib/systemd/network");
    static final List<String> NM_DIRS = List.of("/etc/NetworkManager/system-connections",
            "/run/NetworkManager/system-connections");
    static final List<String> TUNED_DIRS = List.of("/etc/tuned", "/etc/tuned/profiles", "/usr/lib/tuned",
            "/usr/lib/tuned/profiles");

    static final FactSource<NicOwners> SOURCE = new FactSource<>() {
        @Override
        public String id() {
            return "nic-owners";
        }

        @Override
        public String script() {
            return NicOwners.script();
        }

        @Override
        public NicOwners parse(List<Section> sections) {
            return NicOwners.parse(sections);
        }
    };

    /**
     * The POSIX sh fragment: read-only, bounded, never failing (library {@code nic-owners.sh}). Host
     * file names and profile names are only expanded inside double quotes; a tuned profile name
     * that is not a plain word is skipped.
     */
    static String script() {
        return ShellScript.library("nic-owners") + ShellScript.call("netune_nic_owners_nm", NM_DIRS)
                + ShellScript.call("netune_nic_owners_link", LINK_DIRS) + ShellScript.call("netune_nic_owners_tuned", TUNED_DIRS);
    }

    static NicOwners parse(List<Section> sections) {
        List<Ini> nm = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        Map<String, Ini> linkByName = new LinkedHashMap<>();
        List<String> active = new ArrayList<>();
        List<Ini> tuned = new ArrayList<>();
        for (Section s : sections) {
            if (!s.kind().equals(KIND)) {
                continue;
            }
            Map<String, String> head = IniText.header(s.body());
            String path = head.getOrDefault("path", "");
            List<IniText.Entry> entries = IniText.parse(s.body());
            switch (s.arg(0)) {
                case "nm" -> nm.add(new Ini(path, path, false, entries));
                case "nm-unreadable" -> unreadable.add(path);
                // the first directory holding a name wins: /etc over /run over /usr/lib (and /lib)
                case "link" -> linkByName.putIfAbsent(baseName(path),
                        new Ini(path, baseName(path), "1".equals(head.get("masked")), entries));
                case "tuned-active" -> active.addAll(List.of(s.body().trim().split("[\\s,]+")));
                case "tuned" -> tuned.add(new Ini(path, head.getOrDefault("profile", ""), false, entries));
                default -> {
                    // a newer script's block: ignored
                }
            }
        }
        List<Ini> links = new ArrayList<>(linkByName.values());
        links.sort(java.util.Comparator.comparing(Ini::name)); // udev tries them in lexical order of name
        active.removeIf(String::isEmpty);
        return new NicOwners(nm, unreadable, links, active, tuned);
    }

    static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** The tuned profile file of a name, if gathered. */
    Optional<Ini> tunedProfile(String name) {
        return tunedProfiles.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
