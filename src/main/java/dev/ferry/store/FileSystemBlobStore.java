package dev.ferry.store;

import dev.ferry.core.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Blobs as files {@code blobs/sha256/<hex>}; staging under {@code staging/<transaction>/} on the same file system. */
public final class FileSystemBlobStore implements BlobStore {

    private final Path blobDir;
    private final Path stagingRoot;
    private final Path quarantineDir;

    public FileSystemBlobStore(Path storeRoot) throws IOException {
        this.blobDir = storeRoot.resolve("blobs").resolve(Digest.ALGORITHM);
        this.stagingRoot = storeRoot.resolve("staging");
        this.quarantineDir = storeRoot.resolve("quarantine").resolve(Digest.ALGORITHM);
        Files.createDirectories(blobDir);
        Files.createDirectories(stagingRoot);
    }

    Path pathOf(Digest digest) {
        return blobDir.resolve(digest.hex());
    }

    @Override
    public Optional<Long> size(Digest digest) throws IOException {
        try {
            BasicFileAttributes attrs = Files.readAttributes(pathOf(digest), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attrs.isRegularFile() ? Optional.of(attrs.size()) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(Digest digest) throws IOException {
        return Files.newInputStream(pathOf(digest), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public BlobHandle openHandle(Digest digest) throws IOException {
        return FileBlobHandle.open(digest, pathOf(digest));
    }

    @Override
    public BlobStaging staging(String transactionId) throws IOException {
        return staging(transactionId, StagingPipeline.SYNC_WINDOW);
    }

    /** {@link #staging(String)} with at most {@code syncWindow} staged files open at once. */
    BlobStaging staging(String transactionId, int syncWindow) throws IOException {
        Path dir = stagingRoot.resolve(transactionId);
        Files.createDirectory(dir);
        return new Staging(dir, syncWindow);
    }

    @Override
    public void discardAllStaging() throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(stagingRoot)) {
            for (Path dir : dirs) {
                FileTrees.deleteRecursively(dir);
            }
        }
    }

    @Override
    public void delete(Digest digest) throws IOException {
        Files.deleteIfExists(pathOf(digest));
    }

    @Override
    public void quarantine(Digest digest) throws IOException {
        Files.createDirectories(quarantineDir);
        Files.move(pathOf(digest), quarantineDir.resolve(digest.hex()), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        FileTrees.fsyncDirectory(blobDir);
    }

    @Override
    public void forEach(Consumer<Digest> action) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(blobDir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                try {
                    action.accept(new Digest(name));
                } catch (IllegalArgumentException notABlob) {
                    // a stray file is not a blob; verify reports it, nothing serves it
                }
            }
        }
    }

    @Override
    public void sync() throws IOException {
        FileTrees.fsyncDirectory(blobDir);
    }

    private final class Staging implements BlobStaging {
        private final Path dir;
        /** Staged blobs the store lacks, by the staging file that holds each. */
        private final Map<Digest, Path> pending = new LinkedHashMap<>();
        private final StagingPipeline pipeline;
        private int counter;

        Staging(Path dir, int syncWindow) {
            this.dir = dir;
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
            if (total > maxBytes || pending.containsKey(digest) || contains(digest)) {
                out.close();
                Files.delete(temp);
            } else {
                pending.put(digest, temp); // renamed once, straight into blobs/, at publish
                pipeline.syncAndClose(out); // durable before publish(), which waits for it
            }
            return new StagedBlob(digest, total);
        }

        /** A blob known to fit one chunk: hashing it on another thread would cost more than it saves. */
        private long copySmall(InputStream in, FileChannel out, MessageDigest md, long limit) throws IOException {
            byte[] buf = in.readNBytes((int) limit);
            md.update(buf);
            ByteBuffer bb = ByteBuffer.wrap(buf);
            while (bb.hasRemaining()) out.write(bb);
            return buf.length;
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
            for (Map.Entry<Digest, Path> e : pending.entrySet()) {
                try {
                    // no REPLACE_EXISTING: a stored blob is never rewritten
                    Files.move(e.getValue(), pathOf(e.getKey()), StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException alreadyStored) {
                    Files.delete(e.getValue());
                }
            }
            FileTrees.fsyncDirectory(blobDir);
            pending.clear();
        }

        @Override
        public void close() throws IOException {
            pipeline.close();
            FileTrees.deleteRecursively(dir);
        }
    }
}
