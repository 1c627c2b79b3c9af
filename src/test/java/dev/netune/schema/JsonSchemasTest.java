package dev.netune.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.netune.inventory.InventoryLoader;
import dev.netune.profile.ProfileLoader;
import dev.netune.profile.ValidationException;
import dev.netune.kinds.Kinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The generated schemas against the loaders: the shipped files are what the generator writes,
 * every shipped profile passes them, and what the loader refuses for an unknown key they refuse.
 */
class JsonSchemasTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path SCHEMA_DIR = Path.of("schema");
    private static final String REGENERATE = "regenerate with: ./netune schema profile > schema/profile.schema.json;"
            + " ./netune schema inventory > schema/inventory.schema.json";

    @TempDir
    Path dir;

    private static JsonSchema schema(String file) throws Exception {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(Files.readString(SCHEMA_DIR.resolve(file)));
    }

    /** A YAML file as the JSON an editor's YAML language server validates. */
    private static JsonNode yaml(Path file) throws Exception {
        Object doc = new Yaml(new LoaderOptions()).load(Files.readString(file));
        return MAPPER.valueToTree(doc);
    }

    @Test
    void shippedSchemasAreTheGeneratedOnes() throws Exception {
        assertEquals(JsonSchemas.profile(), Files.readString(SCHEMA_DIR.resolve("profile.schema.json")), REGENERATE);
        assertEquals(JsonSchemas.inventory(), Files.readString(SCHEMA_DIR.resolve("inventory.schema.json")), REGENERATE);
    }

    @Test
    void everyShippedProfileValidatesAndNamesTheSchema() throws Exception {
        JsonSchema schema = schema("profile.schema.json");
        List<Path> profiles;
        try (Stream<Path> s = Files.list(Path.of("profiles"))) {
            profiles = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(profiles.size() >= 5, profiles.toString());
        for (Path p : profiles) {
            assertEquals(Set.of(), schema.validate(yaml(p)), p.toString());
            assertEquals("# yaml-language-server: $schema=../schema/profile.schema.json",
                    Files.readAllLines(p).get(0), p + " names the schema for editors");
            assertTrue(Files.isRegularFile(p.getParent().resolve("../schema/profile.schema.json")));
        }
        new ProfileLoader(Kinds.all()).loadAll(profiles); // and the loader takes them too
    }

    @Test
    void exampleInventoryValidates() throws Exception {
        Path example = Path.of("inventory.example.yaml");
        assertEquals(Set.of(), schema("inventory.schema.json").validate(yaml(example)));
        assertEquals("# yaml-language-server: $schema=schema/inventory.schema.json", Files.readAllLines(example).get(0));
    }

    /** The loader's problems for a profile text (empty when it loads). */
    private List<String> loaderProblems(String text) throws Exception {
        Path p = Files.writeString(dir.resolve("p.yaml"), text);
        try {
            new ProfileLoader(Kinds.all()).loadAll(List.of(p));
            return List.of();
        } catch (ValidationException e) {
            return e.problems().stream().map(x -> x.format()).toList();
        }
    }

    @Test
    void sysctlBoundsAreTakenByLoaderAndSchemaAlikeAndAnUnknownBoundByNeither() throws Exception {
        JsonSchema schema = schema("profile.schema.json");
        String good = "name: p\nsysctl:\n  net.core.somaxconn: {atLeast: 4096}\n  net.ipv4.tcp_keepalive_time: {atMost: 600}\n"
                + "  net.ipv4.tcp_rmem: [4096, 131072, {atLeast: 16777216}]\n  net.ipv4.tcp_fastopen: 0x403\n"
                + "  net.ipv4.ip_local_port_range: \"10000 64999\"\n";
        assertEquals(List.of(), loaderProblems(good));
        assertEquals(Set.of(), schema.validate(yaml(dir.resolve("p.yaml"))));
        List<String> problems = loaderProblems("name: p\nsysctl:\n  net.core.somaxconn: {atleast: 4096}\n");
        assertTrue(problems.get(0).contains("unknown key 'atleast' (did you mean 'atLeast'?)"), problems.toString());
        assertFalse(schema.validate(yaml(dir.resolve("p.yaml"))).isEmpty());
    }

    @Test
    void whatTheLoaderRefusesForAnUnknownKeyTheSchemaRefuses() throws Exception {
        JsonSchema schema = schema("profile.schema.json");
        for (String[] c : new String[][] {
                {"name: p\nirqbalanse: {enabled: false}\n", "irqbalanse"},
                {"name: p\nlimits:\n  nofile: {soft: 1024, hard: 1024, userz: [root]}\n", "userz"},
                {"name: p\nnics:\n  - match: {name: eth0}\n    rings: {rx: 4096}\n", "rings"},
                {"name: p\nsoftirq: {budget: 600, budgetUsec: 8000}\n", "budgetUsec"}}) {
            List<String> problems = loaderProblems(c[0]);
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("unknown key '" + c[1] + "'"), problems.toString());
            Set<ValidationMessage> refused = schema.validate(yaml(dir.resolve("p.yaml")));
            assertEquals(1, refused.size(), refused.toString());
            assertTrue(refused.iterator().next().getMessage().contains(c[1]), refused.toString());
        }
    }

    @Test
    void unknownInventoryKeyIsRefusedByBoth() throws Exception {
        Path inv = Files.writeString(dir.resolve("inv.yaml"),
                "groups:\n  web:\n    hosts:\n      web-1: {address: 127.0.0.1, prot: 22}\n");
        try {
            new InventoryLoader(null).load(inv);
            fail("the loader took an unknown key");
        } catch (ValidationException e) {
            assertTrue(e.problems().get(0).format().contains("unknown key 'prot'"), e.problems().toString());
        }
        Set<ValidationMessage> refused = schema("inventory.schema.json").validate(yaml(inv));
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.iterator().next().getMessage().contains("prot"), refused.toString());
        assertFalse(schema("inventory.schema.json").validate(MAPPER.readTree("{\"hosts\": {\"web-1\": null}}"))
                .iterator().hasNext(), "a host with no settings of its own");
    }
}
