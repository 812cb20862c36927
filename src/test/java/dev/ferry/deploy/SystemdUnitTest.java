package dev.ferry.deploy;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** deploy/systemd: the unit passes `systemd-analyze verify`, is sandboxed, and agrees with its config file. */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("deploy/systemd/ferry.service");
    private static final Path CONFIG = Path.of("deploy/systemd/ferry.yaml");

    @Test
    void unitVerifiesCleanly() throws Exception {
        Commands.Result r = Commands.run(List.of("systemd-analyze", "verify", UNIT.toString()));
        assertEquals(0, r.exitCode(), r.output());
        assertEquals("", r.output().trim(), "no warnings");
    }

    @Test
    void unitIsSandboxed() throws Exception {
        String unit = Files.readString(UNIT);
        for (String directive : List.of("ProtectSystem=strict", "NoNewPrivileges=yes", "PrivateTmp=yes", "ProtectHome=yes",
                "CapabilityBoundingSet=\n", "User=ferry", "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX")) {
            assertTrue(unit.contains(directive), "missing " + directive.trim());
        }
        String out = Commands.ok(List.of("systemd-analyze", "security", "--offline=yes", UNIT.toString()));
        Matcher m = Pattern.compile("Overall exposure level for ferry.service: ([0-9.]+)").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Double.parseDouble(m.group(1)) < 2.5, "exposure " + m.group(1) + "\n" + out);
    }

    @Test
    void unitAndConfigAgree() throws Exception {
        String unit = Files.readString(UNIT);
        FerryConfig config = ConfigLoader.load(CONFIG, Map.of(), Map.of());
        assertTrue(unit.contains("ReadWritePaths=" + config.store().path() + "\n"), "the store is the writable path");
        assertTrue(unit.contains("--config /etc/ferry/ferry.yaml"), "serve reads the installed config");
        assertTrue(unit.contains("-DZstdTempFolder=/tmp"));
        assertTrue(config.tls().enabled() && config.admin().enabled());
    }
}
