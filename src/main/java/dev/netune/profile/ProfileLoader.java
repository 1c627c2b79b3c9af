package dev.netune.profile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Loads and validates profiles, resolving {@code extends}.
 *
 * <p>Problems of every file loaded are collected before anything is thrown, so one run of
 * {@code netune validate} lists them all.
 */
public final class ProfileLoader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final List<String> META_KEYS = List.of("name", "description", "extends");

    private final Map<String, KindSchema<?>> kinds = new LinkedHashMap<>();
    /** Every top-level key a kind reads (its own and its shorthands) to that kind. */
    private final Map<String, KindSchema<?>> keys = new LinkedHashMap<>();
    private final Map<Path, Optional<Profile>> cache = new HashMap<>();
    /** Problems found in each file, replayed when a cached file is asked for again. */
    private final Map<Path, List<Problem>> cachedProblems = new HashMap<>();

    private final Variables variables;

    public ProfileLoader(List<? extends KindSchema<?>> kinds) {
        this(kinds, Variables.NONE);
    }

    /** A loader for hosts with these inventory variables (its cache holds their profiles only). */
    public ProfileLoader(List<? extends KindSchema<?>> kinds, Variables variables) {
        this.variables = variables;
        for (KindSchema<?> k : kinds) {
            this.kinds.put(k.key(), k);
            this.keys.put(k.key(), k);
            k.shorthandKeys().forEach(s -> this.keys.put(s, k));
        }
    }

    /** Loads each file (and what it extends); throws with every problem found in any of them. */
    public List<Profile> loadAll(List<Path> files) throws ValidationException {
        Problems problems = new Problems();
        List<Profile> out = new ArrayList<>();
        for (Path f : files) {
            load(f.toAbsolutePath().normalize(), problems, new LinkedHashSet<>()).ifPresent(out::add);
        }
        problems.throwIfAny();
        return out;
    }

    /** The merged desired state of several profiles, in order, later wins. */
    public static DesiredState merge(List<Profile> profiles) {
        DesiredState state = DesiredState.EMPTY;
        for (Profile p : profiles) {
            state = state.overlay(p.resolved());
        }
        return state;
    }

    private Optional<Profile> load(Path file, Problems problems, LinkedHashSet<Path> chain) {
        if (cache.containsKey(file)) {
            cachedProblems.get(file).forEach(problems::add);
            return cache.get(file);
        }
        chain.add(file);
        Problems own = new Problems();
        Optional<Profile> result = parse(file, own, chain);
        chain.remove(file);
        own.list().forEach(problems::add);
        cache.put(file, result);
        cachedProblems.put(file, own.list());
        return result;
    }

    private Optional<Profile> parse(Path file, Problems problems, LinkedHashSet<Path> chain) {
        if (!Files.isRegularFile(file)) {
            problems.add(new Problem(file, 0, 0, "", "profile file not found"));
            return Optional.empty();
        }
        int beforeParse = problems.list().size();
        Optional<YamlNode> root = YamlNode.parse(file, problems, variables);
        if (root.isEmpty() || problems.list().size() > beforeParse) {
            return Optional.empty(); // an undefined variable: its kind would only repeat the problem
        }
        int before = problems.list().size();
        List<String> allowed = new ArrayList<>(META_KEYS);
        allowed.addAll(keys.keySet());
        Map<String, YamlNode> entries = root.get().mapping(allowed);

        String name = fileStem(file);
        if (entries.containsKey("name")) {
            name = entries.get("name").string().orElse(name);
            if (!NAME.matcher(name).matches()) {
                entries.get("name").error("profile name must be letters, digits, '.', '_' or '-' (at most 64)");
            }
        }
        String description = entries.containsKey("description")
                ? entries.get("description").string().orElse("") : "";

        DesiredState base = DesiredState.EMPTY;
        List<Path> extendsFiles = new ArrayList<>();
        if (entries.containsKey("extends")) {
            YamlNode ext = entries.get("extends");
            for (String ref : ext.stringList()) {
                Path target = resolveRef(file, ref);
                extendsFiles.add(target);
                if (chain.contains(target)) {
                    ext.error("extends cycle: " + chain.stream().map(p -> p.getFileName().toString())
                            .reduce((a, b) -> a + " -> " + b).orElse("") + " -> " + target.getFileName());
                    continue;
                }
                if (!Files.isRegularFile(target)) {
                    ext.error("extended profile '" + ref + "' not found (looked for " + target + ")");
                    continue;
                }
                Optional<Profile> parent = load(target, problems, chain);
                if (parent.isPresent()) {
                    base = base.overlay(parent.get().resolved());
                }
            }
        }

        DesiredState own = DesiredState.EMPTY;
        for (var e : entries.entrySet()) {
            KindSchema<?> kind = keys.get(e.getKey());
            if (kind != null) {
                own = loadKind(kind, e.getKey(), e.getValue(), own);
            }
        }
        if (problems.list().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Profile(name, file, description, extendsFiles, own, base.overlay(own)));
    }

    /** Loads a kind's key or shorthand; a kind given by both is merged in document order. */
    private static <D> DesiredState loadKind(KindSchema<D> kind, String key, YamlNode node, DesiredState state) {
        Optional<D> loaded = key.equals(kind.key()) ? kind.load(node) : kind.loadShorthand(key, node);
        if (loaded.isEmpty()) {
            return state;
        }
        D value = state.get(kind).map(existing -> kind.merge(existing, loaded.get())).orElse(loaded.get());
        return state.with(kind, value);
    }

    /**
     * {@code files} and every file they extend, directly or not: each once, in the order first
     * reached (breadth first), absolute. Files that do not exist or do not parse are listed but
     * not followed; the loader reports them.
     */
    public static List<Path> withExtends(List<Path> files) {
        LinkedHashSet<Path> seen = new LinkedHashSet<>();
        java.util.Deque<Path> todo = new java.util.ArrayDeque<>(
                files.stream().map(p -> p.toAbsolutePath().normalize()).toList());
        while (!todo.isEmpty()) {
            Path f = todo.pop();
            if (!seen.add(f) || !Files.isRegularFile(f)) {
                continue;
            }
            YamlNode.parse(f, new Problems()).filter(YamlNode::isMapping).ifPresent(root -> {
                YamlNode ext = new LinkedHashMap<>(root.mapping()).get("extends");
                if (ext != null) {
                    ext.stringList().forEach(ref -> todo.add(resolveRef(f, ref)));
                }
            });
        }
        return List.copyOf(seen);
    }

    /** {@code base} means base.yaml next to the extending file; paths are relative to it. */
    static Path resolveRef(Path from, String ref) {
        String withExt = ref.endsWith(".yaml") || ref.endsWith(".yml") ? ref : ref + ".yaml";
        Path dir = from.getParent() == null ? Path.of(".") : from.getParent();
        return dir.resolve(withExt).toAbsolutePath().normalize();
    }

    private static String fileStem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
