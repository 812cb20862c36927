package dev.ferry.store;

import dev.ferry.core.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Staging into local files, hashed while written and fsynced before publish: what every backend
 * stages through. The backend says which blobs need no staging and how staged files are published
 * (a rename into the store's directory, an upload).
 */
public final class LocalBlobStaging implements BlobStaging {

    /** Whether the store already holds a blob well enough that a transaction may reuse it unstaged (see {@link BlobStaging#holds}). */
    @FunctionalInterface
    public interface Reusable {
        boolean test(Digest digest) throws IOException;
    }

    /** Moves every staged file into the store; called once per publish with the files in staging order. */
    @FunctionalInterface
    public interface Publisher {
        void publish(Map<Digest, Path> staged) throws IOException;
    }

    private final Path dir;
    private final Reusable reusable;
    private final Publisher publisher;
    /** Staged blobs the store lacks, by the staging file that holds each. */
    private final Map<Digest, Path> pending = new LinkedHashMap<>();
    private final StagingPipeline pipeline;
    private int counter;

    /** Creates the staging directory {@code dir} (which must not exist yet). */
    public static LocalBlobStaging create(Path dir, Reusable reusable, Publisher publisher) throws IOException {
        return create(dir, StagingPipeline.SYNC_WINDOW, reusable, publisher);
    }

    static LocalBlobStaging create(Path dir, int syncWindow, Reusable reusable, Publisher publisher) throws IOException {
        Files.createDirectory(dir);
        return new LocalBlobStaging(dir, syncWindow, reusable, publisher);
    }

    private LocalBlobStaging(Path dir, int syncWindow, Reusable reusable, Publisher publisher) {
        this.dir = dir;
        this.reusable = reusable;
        this.publisher = publisher;
        this.pipeline = new StagingPipeline(syncWindow);
    }

    @Override
    public StagedBlob write(InputStream in, long maxBytes) throws IOException {
        Path temp = dir.resolve("incoming-" + (counter++));
        MessageDigest md = Digest.newMessageDigest();
        long limit = maxBytes == Long.MAX_VALUE ? Long.MAX_VALUE : maxBytes + 1;
        FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        long total;
        try {
            total = maxBytes < StagingPipeline.CHUNK ? copySmall(in, out, md, limit) : pipeline.copy(in, out, md, limit);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
        Digest digest = Digest.of(md);
        if (total > maxBytes || pending.containsKey(digest) || reusable.test(digest)) {
            out.close();
            Files.delete(temp);
        } else {
            pending.put(digest, temp); // moved once, straight into the store, at publish
            pipeline.syncAndClose(out); // durable before publish(), which waits for it
        }
        return new StagedBlob(digest, total);
    }

    /** A blob known to fit one chunk: hashing it on another thread would cost more than it saves. */
    private static long copySmall(InputStream in, FileChannel out, MessageDigest md, long limit) throws IOException {
        byte[] buf = in.readNBytes((int) limit);
        md.update(buf);
        ByteBuffer bb = ByteBuffer.wrap(buf);
        while (bb.hasRemaining()) out.write(bb);
        return buf.length;
    }

    @Override
    public boolean holds(Digest digest) throws IOException {
        return reusable.test(digest);
    }

    @Override
    public java.util.Optional<InputStream> open(Digest digest) throws IOException {
        Path staged = pending.get(digest);
        return staged != null ? java.util.Optional.of(Files.newInputStream(staged)) : java.util.Optional.empty();
    }

    @Override
    public Set<Digest> pending() {
        return Collections.unmodifiableSet(pending.keySet());
    }

    @Override
    public void publish() throws IOException {
        pipeline.awaitSyncs();
        publisher.publish(Collections.unmodifiableMap(pending));
        pending.clear();
    }

    @Override
    public void close() throws IOException {
        pipeline.close();
        FileTrees.deleteRecursively(dir);
    }
}
