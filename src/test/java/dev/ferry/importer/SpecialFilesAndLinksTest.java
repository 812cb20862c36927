package dev.ferry.importer;

import dev.ferry.core.Digest;
import dev.ferry.testing.CliRun;
import dev.ferry.testing.GuardedStore;
import dev.ferry.testing.Hostile;
import dev.ferry.testing.OciLayouts;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.ferry.testing.Hostile.assertRefused;
import static dev.ferry.testing.Hostile.link;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FIFOs, links to /dev/zero, oversized metadata and hard links out of a tree, for every input kind:
 * each is refused before it is read, naming the file and the reason, and changes nothing.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SpecialFilesAndLinksTest {
    @TempDir
    Path tmp;
    Path target;
    GuardedStore guard;
    final Hostile hostile = new Hostile();

    @BeforeEach
    void storeWithContent() throws IOException {
        target = tmp.resolve("target");
        CliRun r = CliRun.ferry("import", "--create", "--store", target.toString(),
                Trees.tree(tmp.resolve("seed"), Trees.files("keep.txt", "kept")).toString());
        assertEquals(0, r.exit(), r.both());
    }

    @AfterEach
    void release() {
        hostile.releaseFifos();
    }

    /** Guards the store, plants a canary in {@code inputDir}, imports {@code input} and expects the refusal. */
    private void refused(Path inputDir, Path input, String entry, String reason, String... flags) throws IOException {
        guard = GuardedStore.around(target);
        guard.canary(inputDir.resolve("canary.txt"));
        guard.canary(tmp.resolve("outside/canary.txt"));
        String[] args = new String[4 + flags.length];
        args[0] = "import";
        args[1] = "--store";
        args[2] = target.toString();
        System.arraycopy(flags, 0, args, 3, flags.length);
        args[args.length - 1] = input.toString();
        assertRefused(CliRun.ferry(args), entry, reason);
        guard.assertUntouched(input.getFileName().toString());
    }

    // split bundles

    private Path splitBundleDir() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("usb"));
        Files.write(dir.resolve("b.tar.001"), new byte[512]);
        return dir;
    }

    @Test
    void partsIndexIsAFifo() throws Exception {
        Path dir = splitBundleDir();
        hostile.fifo(dir.resolve("b.tar.parts.json"));
        refused(dir, dir.resolve("b.tar.001"), "b.tar.parts.json", "not a regular file");
    }

    @Test
    void partsIndexLinksToDevZero() throws IOException {
        Path dir = splitBundleDir();
        link(dir.resolve("b.tar.parts.json"), Path.of("/dev/zero"));
        refused(dir, dir.resolve("b.tar.001"), "b.tar.parts.json", "symbolic link");
    }

    @Test
    void partsIndexIsOversized() throws IOException {
        Path dir = splitBundleDir();
        Hostile.sized(dir.resolve("b.tar.parts.json"), 64L << 20);
        refused(dir, dir.resolve("b.tar.001"), "b.tar.parts.json", "larger than");
    }

    @Test
    void aListedPartIsAFifo() throws Exception {
        Path dir = splitBundleDir();
        Digest zeros = Digest.ofBytes(new byte[512]);
        Files.writeString(dir.resolve("b.tar.parts.json"), "{\"format\":\"ferry.bundle-parts.v1\",\"bundle\":\"b.tar\",\"size\":1024,"
                + "\"parts\":[{\"name\":\"b.tar.001\",\"size\":512,\"digest\":\"" + zeros + "\"},"
                + "{\"name\":\"b.tar.002\",\"size\":512,\"digest\":\"" + zeros + "\"}]}");
        hostile.fifo(dir.resolve("b.tar.002"));
        refused(dir, dir.resolve("b.tar.001"), "b.tar.002", "not a regular file");
    }

    @Test
    void theBundleFileIsAFifo() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("usb"));
        refused(dir, hostile.fifo(dir.resolve("b.tar")), "b.tar", "not a regular file");
    }

    @Test
    void theBundleFileLinksToDevZero() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("usb"));
        refused(dir, link(dir.resolve("b.tar"), Path.of("/dev/zero")), "b.tar", "symbolic link");
    }

    // OCI layouts

    private Path layout() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("layout"));
        l.tag(l.image("layer"), "v1");
        return l.write();
    }

    @Test
    void layoutIndexIsAFifo() throws Exception {
        Path dir = layout();
        hostile.fifo(dir.resolve("index.json"));
        refused(dir, dir, "index.json", "not a regular file", "--repository", "demo");
    }

    @Test
    void layoutIndexLinksToDevZero() throws IOException {
        Path dir = layout();
        link(dir.resolve("index.json"), Path.of("/dev/zero"));
        refused(dir, dir, "index.json", "symbolic link", "--repository", "demo");
    }

    @Test
    void layoutIndexIsOversized() throws IOException {
        Path dir = layout();
        Hostile.sized(dir.resolve("index.json"), 64L << 20);
        refused(dir, dir, "index.json", "more than the limit", "--repository", "demo");
    }

    @Test
    void layoutBlobIsALink() throws IOException {
        Path dir = layout();
        String layer = Digest.ofBytes("layer".getBytes(StandardCharsets.UTF_8)).hex();
        Path copy = Files.writeString(tmp.resolve("layer-elsewhere"), "layer");
        link(dir.resolve("blobs/sha256/" + layer), copy);
        refused(dir, dir, "blobs/sha256/" + layer, "symbolic link", "--repository", "demo");
    }

    @Test
    void layoutBlobHardLinkedOutside() throws IOException {
        Path dir = layout();
        String layer = Digest.ofBytes("layer".getBytes(StandardCharsets.UTF_8)).hex();
        Path outside = Files.writeString(tmp.resolve("layer-outside"), "layer");
        Files.delete(dir.resolve("blobs/sha256/" + layer));
        Files.createLink(dir.resolve("blobs/sha256/" + layer), outside);
        refused(dir, dir, "blobs/sha256/" + layer, "hard link: 2 names, 1 inside the input", "--repository", "demo");
    }

    // OpenSearch plugins

    private Path pluginDir() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("plugins"));
        Files.write(dir.resolve("demo-1.0.0.zip"), new byte[]{'P', 'K', 5, 6});
        return dir;
    }

    @Test
    void pluginSha512IsAFifo() throws Exception {
        Path dir = pluginDir();
        hostile.fifo(dir.resolve("demo-1.0.0.zip.sha512"));
        refused(dir, dir.resolve("demo-1.0.0.zip"), "demo-1.0.0.zip.sha512", "not a regular file");
    }

    @Test
    void pluginSha512LinksToDevZero() throws IOException {
        Path dir = pluginDir();
        link(dir.resolve("demo-1.0.0.zip.sha512"), Path.of("/dev/zero"));
        refused(dir, dir.resolve("demo-1.0.0.zip"), "demo-1.0.0.zip.sha512", "symbolic link");
    }

    @Test
    void pluginZipInADirectoryHardLinkedOutside() throws IOException {
        Path dir = pluginDir();
        Path outside = Files.write(tmp.resolve("zip-outside"), new byte[]{'P', 'K', 5, 6});
        Files.delete(dir.resolve("demo-1.0.0.zip"));
        Files.createLink(dir.resolve("demo-1.0.0.zip"), outside);
        refused(dir, dir, "demo-1.0.0.zip", "hard link: 2 names, 1 inside the input");
    }

    // falcoctl index

    @Test
    void falcoctlIndexIsAFifo() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("falcoctl"));
        refused(dir, hostile.fifo(dir.resolve("index.yaml")), "index.yaml", "not a regular file");
    }

    @Test
    void falcoctlIndexIsOversized() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("falcoctl"));
        Path index = dir.resolve("index.yaml");
        Files.writeString(index, "- {name: a, type: rulesfile, registry: ghcr.io, repository: a}\n"
                + ("#" + "x".repeat(1023) + "\n").repeat(5 * 1024));
        refused(dir, index, "index.yaml", "larger than");
    }

    // trees with SHA256SUMS

    private Path tree() throws IOException {
        return Trees.tree(tmp.resolve("tree"), Trees.files("a.txt", "alpha", "sub/b.txt", "beta"));
    }

    @Test
    void sha256sumsIsAFifo() throws Exception {
        Path dir = tree();
        hostile.fifo(dir.resolve("SHA256SUMS"));
        refused(dir, dir, "SHA256SUMS", "not a regular file");
    }

    @Test
    void sha256sumsLinksToDevZero() throws IOException {
        Path dir = tree();
        link(dir.resolve("SHA256SUMS"), Path.of("/dev/zero"));
        refused(dir, dir, "SHA256SUMS", "symbolic link");
    }

    @Test
    void aTreeFileHardLinkedToAFileOutside() throws IOException {
        Path dir = tree();
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "alpha");
        Files.delete(dir.resolve("a.txt"));
        Files.createLink(dir.resolve("a.txt"), secret);
        refused(dir, dir, "a.txt", "hard link: 2 names, 1 inside the input");
    }

    @Test
    void hardLinksWithinTheTreeAreAccepted() throws IOException {
        Path dir = tree();
        Files.createLink(dir.resolve("sub/a-again.txt"), dir.resolve("a.txt"));
        Files.writeString(dir.resolve("SHA256SUMS"), Files.readString(dir.resolve("SHA256SUMS"))
                + Digest.ofBytes("alpha".getBytes(StandardCharsets.UTF_8)).hex() + "  sub/a-again.txt\n");
        CliRun r = CliRun.ferry("import", "--store", target.toString(), dir.toString());
        assertEquals(0, r.exit(), r.both());
        assertTrue(r.out().contains("published generation 2"), r.both());
    }
}
