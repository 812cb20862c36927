package dev.ferry.cli;

import dev.ferry.bundle.BundleFormat;
import dev.ferry.testing.BundleFixture;
import dev.ferry.testing.CliRun;
import dev.ferry.testing.GuardedStore;
import dev.ferry.testing.TarBuilder;
import dev.ferry.testing.Trees;
import dev.ferry.core.Digest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names from inputs reach the admin's terminal only escaped: an ESC sequence, CR, LF or NUL in a tar
 * entry, a SHA256SUMS line, a file name, a manifest field or an input path cannot forge a
 * "published generation" line under a refusal, nor recolour or erase one.
 */
class TerminalInjectionTest {
    /** Moves to the line start, erases it and prints a green success line: what an attacker would print. */
    private static final String FORGE = "\r\u001b[2K\u001b[32mpublished generation 99\u001b[0m\n";

    @TempDir
    Path dir;
    Path store;
    GuardedStore guard;

    @BeforeEach
    void storeWithContent() throws IOException {
        store = dir.resolve("store");
        CliRun init = CliRun.ferry("import", "--create", "--store", store.toString(),
                Trees.tree(dir.resolve("first"), Trees.files("a.txt", "first")).toString());
        assertEquals(0, init.exit(), init.both());
        guard = GuardedStore.around(store);
    }

    @Test
    void unlistedFileNamedToForgeASuccessLine() throws IOException {
        Path tree = Trees.tree(dir.resolve("tree"), Trees.files("ok.txt", "ok"));
        Files.writeString(tree.resolve("x" + FORGE.replace("\n", "")), "unlisted");
        assertRefusedAndEscaped(CliRun.ferry("import", "--store", store.toString(), tree.toString()), "present but not listed");
    }

    @Test
    void checksumLineWithAnEscapedNewlineInTheName() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("sums"));
        String hex = Digest.ofBytes("x".getBytes(StandardCharsets.UTF_8)).hex();
        Files.writeString(tree.resolve("SHA256SUMS"), "\\" + hex + "  evil\\npublished generation 99\n");
        assertRefusedAndEscaped(CliRun.ferry("import", "--store", store.toString(), tree.toString()), "unsafe path");
    }

    @Test
    void checksumLineWithRawControlCharacters() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("raw"));
        Files.writeString(tree.resolve("SHA256SUMS"), "zz" + FORGE.replace("\n", "") + "\n");
        assertRefusedAndEscaped(CliRun.ferry("import", "--store", store.toString(), tree.toString()), "not a sha256sum line");
    }

    @Test
    void tarEntryNameInAnUnsignedBundle() throws IOException {
        byte[] tar = new TarBuilder().file(BundleFormat.MANIFEST, "{}".getBytes(StandardCharsets.UTF_8))
                .file("blobs/sha256/" + FORGE.replace("\n", ""), new byte[]{1}).end();
        Path bundle = Files.write(dir.resolve("evil.tar"), tar);
        assertRefusedAndEscaped(CliRun.ferry("import", "--store", store.toString(), "--allow-unsigned", bundle.toString()), "");
    }

    @Test
    void manifestFieldsQuotedInARefusal() throws IOException {
        BundleFixture fx = new BundleFixture(dir.resolve("fx"));
        String manifest = "{\"format\":\"" + jsonEscape("ferry.bundle.v1" + FORGE) + "\",\"x" + jsonEscape(FORGE) + "\":1}";
        byte[] m = manifest.getBytes(StandardCharsets.UTF_8);
        byte[] tar = new TarBuilder().file(BundleFormat.MANIFEST, m).file(BundleFormat.SIGNATURE, fx.signer.sign(m)).end();
        Path bundle = Files.write(dir.resolve("manifest.tar"), tar);
        assertRefusedAndEscaped(CliRun.ferry("import", "--store", store.toString(), "--trust", fx.trustDir.toString(),
                bundle.toString()), "manifest");
    }

    @Test
    void inputPathShownInTheRefusalAndInStatus() throws IOException {
        Path tree = Trees.tree(dir.resolve("usb" + FORGE.replace("\n", "")), Trees.files("ok.txt", "ok"));
        Files.writeString(tree.resolve("ok.txt"), "altered after listing");
        assertRefusedAndEscaped(CliRun.ferry("import", "--store", store.toString(), tree.toString()), "mismatch");
        CliRun status = CliRun.ferry("status", "--store", store.toString());
        assertEquals(0, status.exit(), status.both());
        assertTrue(status.out().contains("failure"), status.out());
        assertNoControlCharacters(status.out());
        assertFalse(status.out().lines().anyMatch(l -> l.startsWith("published generation")), status.out());
    }

    private void assertRefusedAndEscaped(CliRun run, String reason) throws IOException {
        assertNotEquals(0, run.exit(), run.both());
        assertTrue(run.err().contains(reason), "expected '" + reason + "' in: " + run.err());
        assertNoControlCharacters(run.err());
        assertNoControlCharacters(run.out());
        assertFalse(run.out().lines().anyMatch(l -> l.contains("published generation")), run.out());
        assertFalse(run.err().lines().anyMatch(l -> l.startsWith("published generation")), run.err());
        assertTrue(run.err().contains("\\x1b") || run.err().contains("\\x0a") || run.err().contains("\\x0d")
                || !run.err().contains("published generation"), "the forged text is shown escaped: " + run.err());
        guard.assertUntouched(reason);
    }

    /** Only the line ends the CLI itself prints may appear. */
    private static void assertNoControlCharacters(String text) {
        for (String line : text.split("\n", -1)) {
            for (char c : line.toCharArray()) {
                assertFalse(c < 0x20 && c != '\t' || c == 0x7f || (c >= 0x80 && c <= 0x9f),
                        "control character " + (int) c + " in: " + Map.of("line", line));
            }
        }
    }

    private static String jsonEscape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }
}
