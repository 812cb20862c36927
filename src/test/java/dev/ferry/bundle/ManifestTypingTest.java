package dev.ferry.bundle;

import dev.ferry.core.Digest;
import dev.ferry.testing.BundleFixture;
import dev.ferry.testing.CliRun;
import dev.ferry.testing.GuardedStore;
import dev.ferry.testing.TarBuilder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signed manifests that are well-formed JSON but loosely typed: each is signed by the trusted key,
 * so only strict reading stands between it and the store. Each is imported through the CLI; the
 * refusal names the field and the reason in plain words and the store is unchanged.
 */
class ManifestTypingTest {
    static final byte[] ALPHA = "alpha".getBytes(StandardCharsets.UTF_8);
    static final byte[] BRAVO = "bravo!".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private BundleFixture fx;
    private Path store;

    private record Case(String name, UnaryOperator<String> edit, String... reasons) {
    }

    @TestFactory
    Stream<DynamicTest> looselyTypedSignedManifestsAreRefusedByFieldAndReason() throws Exception {
        fx = new BundleFixture(dir);
        store = dir.resolve("store");
        BundleFixture.Spec first = BundleFixture.spec().file("first.txt", "first").created(Instant.now().minus(Duration.ofHours(1)));
        Path firstFile = Files.write(dir.resolve("first.tar"), fx.bundle(first));
        CliRun ok = CliRun.ferry("import", "--create", "--store", store.toString(), "--trust", fx.trustDir.toString(), firstFile.toString());
        assertEquals(0, ok.exit(), ok.both());

        BundleFixture.Spec spec = BundleFixture.spec().file("a.txt", "alpha").file("b.bin", "bravo!");
        String json = new String(BundleFixture.manifest(spec).toBytes(), StandardCharsets.UTF_8);
        BundleManifest.parse(json.getBytes(StandardCharsets.UTF_8)); // the unedited manifest is valid
        List<Case> cases = cases();
        assertTrue(cases.size() >= 18, "cases: " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            // a fresh id each: a case the store wrongly accepted must not mask the next one
            String fresh = json.replace(spec.id, "t-" + System.nanoTime());
            String edited = c.edit().apply(fresh);
            assertNotEquals(fresh, edited, c.name() + ": the edit applies");
            GuardedStore guard = GuardedStore.around(store);
            CliRun r = importManifest(c.name(), edited);
            assertNotEquals(0, r.exit(), c.name() + ": " + r.both());
            for (String reason : c.reasons()) assertTrue(r.err().contains(reason), c.name() + ": expected '" + reason + "' in " + r.err());
            assertPlain(r.err(), c.name());
            guard.assertUntouched(c.name());
        }));
    }

    static void assertPlain(String err, String what) {
        for (String java : List.of("Exception", "java.", "com.fasterxml", "dev.ferry.", "\tat ")) {
            assertFalse(err.contains(java), what + ": '" + java + "' reached the user: " + err);
        }
    }

    private List<Case> cases() {
        List<Case> c = new ArrayList<>();
        String future = Instant.now().plus(Duration.ofDays(1)).toString();
        c.add(new Case("blob size as a string", j -> j.replaceFirst("\"size\":5", "\"size\":\"5\""),
                "manifest.json", "blobs[0].size", "expected a whole number, got a string"));
        c.add(new Case("blob size as a float", j -> j.replaceFirst("\"size\":5", "\"size\":5.0"),
                "blobs[0].size", "expected a whole number, got a number with a fraction"));
        c.add(new Case("blob size as a boolean", j -> j.replaceFirst("\"size\":5", "\"size\":true"),
                "blobs[0].size", "got true or false"));
        c.add(new Case("negative blob size", j -> j.replace("\"size\":5", "\"size\":-5"), "negative"));
        c.add(new Case("size beyond a long", j -> j.replaceFirst("\"size\":5", "\"size\":99999999999999999999999"),
                "blobs[0].size", "out of range"));
        c.add(new Case("file size as a string", j -> j.replace("\"size\":6,\"mediaType\"", "\"size\":\"6\",\"mediaType\""),
                "files.b.bin.size", "got a string"));
        c.add(new Case("numeric created", j -> j.replaceFirst("\"created\":\"[^\"]+\"", "\"created\":99999999999"),
                "field 'created'", "expected an ISO-8601 time", "got a number"));
        c.add(new Case("created not ISO-8601", j -> j.replaceFirst("\"created\":\"[^\"]+\"", "\"created\":\"yesterday\""),
                "field 'created'", "ISO-8601"));
        c.add(new Case("created far in the future", j -> j.replaceFirst("\"created\":\"[^\"]+\"", "\"created\":\"" + future + "\""),
                "in the future", future));
        c.add(new Case("created in 1970", j -> j.replaceFirst("\"created\":\"[^\"]+\"", "\"created\":\"1970-01-02T00:00:00Z\""),
                "before 2000"));
        c.add(new Case("expires before created", j -> j.replaceFirst(",\"creator\"", ",\"expires\":\"2020-01-01T00:00:00Z\",\"creator\""),
                "expires", "created"));
        c.add(new Case("id as a number", j -> j.replaceFirst("\"id\":\"[^\"]+\"", "\"id\":42"),
                "field 'id'", "expected a string, got a number"));
        c.add(new Case("duplicate key", j -> j.replaceFirst("\\{", "{\"channel\":\"other\","), "duplicate field 'channel'"));
        c.add(new Case("trailing garbage after the JSON", j -> j + " {\"x\":1}", "after the end of the JSON"));
        c.add(new Case("media type with CR LF", j -> j.replaceFirst("text/plain", "text/plain\\\\r\\\\nX-Evil: 1"),
                "files.a.txt.mediaType", "not a valid media type"));
        c.add(new Case("media type with a control character", j -> j.replaceFirst("text/plain", "text/pl\\\\u0001ain"),
                "not a valid media type"));
        c.add(new Case("media type without subtype", j -> j.replaceFirst("text/plain", "text"), "not a valid media type"));
        c.add(new Case("media type with a bad parameter", j -> j.replaceFirst("text/plain", "text/plain; charset"),
                "not a valid media type"));
        c.add(new Case("media type with a space in the subtype", j -> j.replaceFirst("text/plain", "text/pl ain"),
                "not a valid media type"));
        c.add(new Case("string where an object is expected", j -> j.replaceFirst("\"files\":\\{.*\\}\\}", "\"files\":\"everything\"}"),
                "field 'files'", "expected an object, got a string"));
        c.add(new Case("array where a string is expected", j -> j.replaceFirst("\"channel\":\"main\"", "\"channel\":[\"main\"]"),
                "field 'channel'", "expected a string, got an array"));
        c.add(new Case("unknown field", j -> j.replaceFirst("\\{", "{\"extra\":1,"), "field 'extra'", "unknown field"));
        return c;
    }

    private CliRun importManifest(String name, String manifestJson) throws Exception {
        byte[] manifest = manifestJson.getBytes(StandardCharsets.UTF_8);
        byte[] tar = new TarBuilder().file(BundleFormat.MANIFEST, manifest).file(BundleFormat.SIGNATURE, fx.signer.sign(manifest))
                .file(BundleFormat.blobEntry(Digest.ofBytes(ALPHA)), ALPHA)
                .file(BundleFormat.blobEntry(Digest.ofBytes(BRAVO)), BRAVO).end();
        Path file = Files.write(Files.createDirectories(dir.resolve("corpus")).resolve(name.replaceAll("[^a-z0-9]+", "-") + ".tar"), tar);
        return CliRun.ferry("import", "--store", store.toString(), "--trust", fx.trustDir.toString(), file.toString());
    }
}
