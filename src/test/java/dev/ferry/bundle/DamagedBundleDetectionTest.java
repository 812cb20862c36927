package dev.ferry.bundle;

import dev.ferry.testing.BundleFixture;
import dev.ferry.testing.Bytes;
import dev.ferry.testing.CliRun;
import dev.ferry.testing.GuardedStore;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged containers imported without {@code --kind}: once the magic bytes say what the file is,
 * the refusal is that kind's real reason, naming the file, never "not an input Ferry can import".
 */
class DamagedBundleDetectionTest {
    @TempDir
    Path dir;

    private BundleFixture fx;
    private Path store;

    private record Case(String name, Builder build, String... reasons) {
    }

    @FunctionalInterface
    private interface Builder {
        Path file() throws Exception;
    }

    @TestFactory
    Stream<DynamicTest> damagedBundlesAreReportedAsDamagedBundles() throws Exception {
        fx = new BundleFixture(dir);
        store = dir.resolve("store");
        Path first = write("first.tar", fx.bundle(BundleFixture.spec().file("first.txt", "first").created(Instant.now().minus(Duration.ofHours(1)))));
        CliRun ok = CliRun.ferry("import", "--create", "--store", store.toString(), "--trust", fx.trustDir.toString(), first.toString());
        assertEquals(0, ok.exit(), ok.both());

        BundleFixture.Spec spec = BundleFixture.spec().file("small.txt", "small");
        spec.files.put("payload.bin", Bytes.random(200_000, 7));
        byte[] bundle = fx.bundle(spec);
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("zstd with a byte flipped mid-frame", () -> {
            byte[] z = Bytes.zstd(bundle);
            z[z.length / 2] ^= 0x5a;
            return write("flipped.tar.zst", z);
        }, "flipped.tar.zst", "zstd"));
        cases.add(new Case("zstd with trailing garbage", () -> write("trailing.tar.zst",
                Bytes.concat(Bytes.zstd(bundle), "garbage after the frame".getBytes(StandardCharsets.UTF_8))), "trailing.tar.zst", "zstd"));
        cases.add(new Case("truncated zstd", () -> {
            byte[] z = Bytes.zstd(bundle);
            return write("cut.tar.zst", Arrays.copyOf(z, z.length - 100));
        }, "cut.tar.zst", "zstd"));
        cases.add(new Case("gzip with a bad CRC", () -> {
            byte[] gz = Bytes.gzip(bundle);
            gz[gz.length - 6] ^= 0x10;
            return write("crc.tar.gz", gz);
        }, "crc.tar.gz", "gzip"));
        cases.add(new Case("truncated gzip", () -> {
            byte[] gz = Bytes.gzip(bundle);
            return write("cut.tar.gz", Arrays.copyOf(gz, gz.length / 3));
        }, "cut.tar.gz", "gzip"));
        cases.add(new Case("gzip with a damaged header flag byte", () -> {
            byte[] gz = Bytes.gzip(bundle);
            gz[3] = (byte) 0xe0; // reserved flag bits
            return write("flags.tar.gz", gz);
        }, "flags.tar.gz", "gzip"));
        cases.add(new Case("plain tar with a damaged first header", () -> {
            byte[] broken = bundle.clone();
            broken[110] ^= 0x04; // the manifest entry's uid field, under the header checksum
            return write("header.tar", broken);
        }, "tar header at offset 0", "checksum mismatch"));
        cases.add(new Case("split index with string sizes", () -> {
            Path part = split("strsize", bundle);
            Path index = part.resolveSibling("strsize.tar" + SplitBundle.INDEX_SUFFIX);
            String json = Files.readString(index).replaceAll("\"size\"\\s*:\\s*(\\d+)", "\"size\" : \"$1\"");
            Files.writeString(index, json);
            return part;
        }, "strsize.tar.parts.json", "expected a whole number, got a string"));
        cases.add(new Case("split index with trailing data", () -> {
            Path part = split("trail", bundle);
            Path index = part.resolveSibling("trail.tar" + SplitBundle.INDEX_SUFFIX);
            Files.writeString(index, Files.readString(index) + "\n[]");
            return part;
        }, "trail.tar.parts.json", "after the end of the JSON"));

        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path file = c.build().file();
            GuardedStore guard = GuardedStore.around(store);
            guard.canary(file.resolveSibling("canary-" + file.getFileName()));
            CliRun r = CliRun.ferry("import", "--store", store.toString(), "--trust", fx.trustDir.toString(), file.toString());
            assertNotEquals(0, r.exit(), c.name() + ": " + r.both());
            assertFalse(r.err().contains("not an input Ferry can import"), c.name() + ": " + r.err());
            for (String reason : c.reasons()) assertTrue(r.err().contains(reason), c.name() + ": expected '" + reason + "' in " + r.err());
            ManifestTypingTest.assertPlain(r.err(), c.name());
            guard.assertUntouched(c.name());
        }));
    }

    private Path split(String name, byte[] bundle) throws IOException {
        Path out = Files.createDirectories(dir.resolve(name)).resolve(name + ".tar");
        try (SplitBundle.Writer w = new SplitBundle.Writer(out, 50_000)) {
            w.write(bundle);
        }
        return out.resolveSibling(name + ".tar.001");
    }




    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(Files.createDirectories(dir.resolve("corpus")).resolve(name), bytes);
    }
}
