package dev.ferry.falco;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.ConfigException;
import dev.ferry.config.FerryConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FalcoSettingsTest {

    private static FerryConfig load(Map<String, String> env, Map<String, String> flags) {
        return ConfigLoader.load(null, env, flags);
    }

    @Test
    void publicUrlGivesTheAuthorityFalcoctlIndexesName() {
        assertEquals("", load(Map.of(), Map.of()).server().publicAuthority());
        assertEquals("fileserver.air-gapped.internal:8080",
                load(Map.of(), Map.of("server.publicUrl", "fileserver.air-gapped.internal:8080")).server().publicAuthority());
        assertEquals("ferry.internal", load(Map.of(), Map.of("server.publicUrl", "HTTPS://ferry.internal/")).server().publicAuthority());
        assertEquals("[fd00::1]:8443", load(Map.of(), Map.of("server.publicUrl", "https://[fd00::1]:8443")).server().publicAuthority());
        assertEquals("ferry:9090", load(Map.of("FERRY_SERVER_PUBLIC_URL", "http://ferry:9090"), Map.of()).server().publicAuthority());
        for (String bad : new String[]{"http://ferry:8080/falcoctl", "ftp://ferry", "ferry:port", "http://user@ferry"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(), Map.of("server.publicUrl", bad)), bad);
            assertTrue(e.getMessage().contains("server.publicUrl"), e.getMessage());
        }
    }

    @Test
    void falcoSection() {
        FalcoSettings d = load(Map.of(), Map.of()).settings(FalcoSettings.class);
        assertTrue(d.stripSignatures());
        assertEquals(1000, d.wantedCapacity());
        FalcoSettings f = load(Map.of("FERRY_FALCO_STRIP_SIGNATURES", "false", "FERRY_FALCO_WANTED_CAPACITY", "50"), Map.of()).settings(FalcoSettings.class);
        assertFalse(f.stripSignatures());
        assertEquals(50, f.wantedCapacity());
        assertThrows(ConfigException.class, () -> load(Map.of(), Map.of("falco.wantedCapacity", "0")));
    }

    /** The family's section is read like a built-in one: errors name the setting with its section, unknown keys are refused. */
    @Test
    void faultsInTheSectionNameTheSetting() {
        ConfigException range = assertThrows(ConfigException.class, () -> load(Map.of(), Map.of("falco.wantedCapacity", "0")));
        assertEquals("falco.wantedCapacity must be between 1 and 100000", range.getMessage());
        ConfigException type = assertThrows(ConfigException.class, () -> load(Map.of("FERRY_FALCO_WANTED_CAPACITY", "many"), Map.of()));
        assertTrue(type.getMessage().contains("setting 'falco.wantedCapacity' has an invalid value"), type.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class, () -> load(Map.of(), Map.of("falco.wantedCapacty", "5")));
        assertTrue(unknown.getMessage().contains("unknown setting 'falco.wantedCapacty'"), unknown.getMessage());
        assertTrue(ConfigLoader.toYaml(load(Map.of(), Map.of())).contains("falco:\n  stripSignatures: true\n  wantedCapacity: 1000"),
                "--print-config shows the section");
    }
}
