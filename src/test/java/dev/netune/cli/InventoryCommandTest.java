package dev.netune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryCommandTest {
    @TempDir
    Path dir;

    @Test
    void oneShapeForNetuneAndAnsibleInventories() throws Exception {
        Files.writeString(dir.resolve("ssh_config"), "Host gw\n  HostName 192.0.2.1\n  User jump\n");
        Path yaml = dir.resolve("netune.yaml");
        Files.writeString(yaml, """
                defaults: {sshConfig: ssh_config}
                groups:
                  web:
                    profiles: [web.yaml]
                    hosts:
                      web-1: {address: 10.0.0.1, user: deploy, port: 2222, identityFile: k, proxyJump: gw, vars: {mtu: 9000}}
                """);
        Path ini = dir.resolve("hosts.ini");
        Files.writeString(ini, """
                [web]
                web-1 ansible_host=10.0.0.1 ansible_port=2222 ansible_user=deploy ansible_ssh_private_key_file=k mtu=9000
                [web:vars]
                netune_ssh_config=ssh_config
                netune_profiles=web.yaml
                ansible_ssh_common_args='-o ProxyJump=gw'
                """);
        CliRun a = CliRun.run("inventory", "-i", yaml.toString(), "--list");
        CliRun b = CliRun.run("inventory", "-i", ini.toString(), "--list");
        assertEquals(0, a.exit(), a.err());
        assertEquals(0, b.exit(), b.err());
        assertEquals(a.out(), b.out(), "the same hosts print the same, whatever the format");
        JsonNode web1 = new ObjectMapper().readTree(a.out()).get("hosts").get("web-1");
        assertEquals("10.0.0.1", web1.get("address").asText());
        assertEquals(2222, web1.get("port").asInt());
        assertEquals("deploy", web1.get("user").asText());
        assertEquals(dir.resolve("k").toString(), web1.get("identityFiles").get(0).asText());
        assertEquals("jump@192.0.2.1:22", web1.get("proxyJump").get(0).asText());
        assertEquals("web", web1.get("groups").get(0).asText());
        assertEquals(dir.resolve("web.yaml").toString(), web1.get("profiles").get(0).asText());
        assertEquals("9000", web1.get("vars").get("mtu").asText());

        CliRun one = CliRun.run("inventory", "-i", ini.toString(), "--host", "web-1", "--format", "text");
        assertEquals(0, one.exit(), one.err());
        assertTrue(one.out().contains("web-1  deploy@10.0.0.1:2222  jump@192.0.2.1:22  web     web.yaml"), one.out());
        CliRun missing = CliRun.run("inventory", "-i", ini.toString(), "--host", "web-9");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("no host 'web-9'"), missing.err());
    }
}
