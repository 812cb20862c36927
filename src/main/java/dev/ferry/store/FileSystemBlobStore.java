package dev.ferry.store;

import dev.ferry.core.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
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
        return LocalBlobStaging.create(stagingRoot.resolve(transactionId), syncWindow, this::contains, this::moveIntoStore);
    }

    /** Renames each staged file into {@code blobs/}; a blob stored meanwhile is kept, never rewritten. */
    private void moveIntoStore(Map<Digest, Path> staged) throws IOException {
        for (Map.Entry<Digest, Path> e : staged.entrySet()) {
            try {
                // no REPLACE_EXISTING: a stored blob is never rewritten
                Files.move(e.getValue(), pathOf(e.getKey()), StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException alreadyStored) {
                Files.delete(e.getValue());
            }
        }
        FileTrees.fsyncDirectory(blobDir);
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
}
