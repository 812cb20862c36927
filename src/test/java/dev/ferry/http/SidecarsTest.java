package dev.ferry.http;

import dev.ferry.store.CatalogPath;
import dev.ferry.store.FileEntry;
import dev.ferry.store.Generation;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SidecarsTest {
    private static final String SHA512 = "AB".repeat(64);

    private final FileEntry zip = CatalogFixtures.entry("zip bytes", Map.of("sha512", SHA512));
    private final FileEntry plain = CatalogFixtures.entry("plain", Map.of());
    private final Generation g = new Generation(3, 2, CatalogFixtures.PUBLISHED, "t",
            Map.of("plugins/repository-s3-2.19.4.zip", zip, "top.bin", plain, "bad.zip",
                    CatalogFixtures.entry("x", Map.of("sha512", "not-hex"))));

    private Optional<String> body(String path) {
        return Sidecars.find(g, CatalogPath.of(path)).map(r -> r.inline().toString());
    }

    @Test
    void sha256InCoreutilsFormatWithTheBareFileName() {
        assertEquals(Optional.of(plain.digest().hex() + "  top.bin\n"), body("top.bin.sha256"));
        assertEquals(Optional.of(zip.digest().hex() + "  repository-s3-2.19.4.zip\n"), body("plugins/repository-s3-2.19.4.zip.sha256"));
    }

    @Test
    void sha512FromMetadataInLowerCase() {
        assertEquals(Optional.of(SHA512.toLowerCase() + "  repository-s3-2.19.4.zip\n"), body("plugins/repository-s3-2.19.4.zip.sha512"));
    }

    @Test
    void noSidecarWithoutTheFileOrAValidValue() {
        assertFalse(body("top.bin.sha512").isPresent(), "no sha512 metadata");
        assertFalse(body("bad.zip.sha512").isPresent(), "malformed sha512 metadata");
        assertFalse(body("missing.sha256").isPresent());
        assertFalse(body("plugins/.sha256").isPresent());
        assertFalse(body("top.bin.md5").isPresent());
        assertFalse(body("top.bin.sha256.sha256").isPresent());
    }

    @Test
    void sidecarsCarryTheFilesDateAndGenerationAndTheirOwnDigest() {
        Representation r = Sidecars.find(g, CatalogPath.of("top.bin.sha256")).orElseThrow();
        assertEquals(CatalogFixtures.PUBLISHED, r.lastModified());
        assertEquals(3, r.generation());
        assertEquals("text/plain; charset=utf-8", r.contentType());
        assertEquals(r.inline().length(), r.size());
        assertTrue(r.described().etag().startsWith("\"sha256:"));
        assertFalse(r.isStored());
    }
}
