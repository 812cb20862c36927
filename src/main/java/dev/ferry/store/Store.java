package dev.ferry.store;

import dev.ferry.core.Digest;
import dev.ferry.core.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A Ferry store: content-addressed blobs plus numbered catalog generations with one current
 * pointer. Every change goes through a {@link StoreTransaction} or one of the maintenance
 * operations here, all under the {@link StoreLock}; readers just follow the pointer.
 */
public final class Store {
    public static final String MARKER = "ferry-store";
    public static final String FORMAT = "ferry.store.v1";

    /** The marker's backend line for a store kept on the local file system (also: no such line). */
    public static final String FILESYSTEM = "filesystem";

    private final Path root;
    private final String location;
    private final BlobStore blobs;
    private final CatalogStore catalog;
    private final Clock clock;
    private volatile RetentionPolicy retention = RetentionPolicy.DEFAULT;

    private Store(Path root, String location, BlobStore blobs, CatalogStore catalog, Clock clock) {
        this.root = root;
        this.location = location;
        this.blobs = blobs;
        this.catalog = catalog;
        this.clock = clock;
    }

    public static Store open(Path root) throws IOException {
        return open(root, Clock.systemUTC());
    }

    /**
     * Opens the existing store at {@code root} and removes what an interrupted writer left. A path
     * that holds no store is refused: a mistyped path must not become a new, empty store that a
     * server would then answer 404 from.
     */
    public static Store open(Path root, Clock clock) throws IOException {
        Path dir = root.toAbsolutePath().normalize();
        requireStore(dir);
        return openChecked(dir, clock);
    }

    /** Creates a store at {@code root} (an absent or empty directory), or opens the one there. */
    public static Store create(Path root) throws IOException {
        return create(root, Clock.systemUTC());
    }

    public static Store create(Path root, Clock clock) throws IOException {
        Path dir = root.toAbsolutePath().normalize();
        initialise(dir);
        return openChecked(dir, clock);
    }

    /** True when {@code root} holds a Ferry store (its marker file). */
    public static boolean exists(Path root) {
        return Files.isRegularFile(root.resolve(MARKER), LinkOption.NOFOLLOW_LINKS);
    }

    private static Store openChecked(Path dir, Clock clock) throws IOException {
        String backend = checkFormat(dir);
        if (!FILESYSTEM.equals(backend)) {
            throw new NotAStoreException(dir + " holds the local state of a store kept elsewhere (" + backend
                    + "); set store.backend (and store.s3.*) to match, or give the path of a file-system store");
        }
        refuseLinkedDirectories(dir);
        return assemble(dir, dir.toString(), new FileSystemBlobStore(dir), new FileSystemCatalogStore(dir), clock);
    }

    /**
     * The local state directory of a store whose blobs and catalog live in another backend: an
     * existing one is checked against {@code backend} (the marker's second line), an absent or empty
     * one is created with it when {@code create}. The directory keeps the lock, staging, plans and
     * journal whatever the backend.
     */
    public static Path prepareState(Path root, String backend, boolean create) throws IOException {
        Path dir = root.toAbsolutePath().normalize();
        if (create) initialise(dir, backend);
        requireStore(dir);
        String found = checkFormat(dir);
        if (!backend.equals(found)) {
            throw new NotAStoreException(dir + " is the local state of " + found + ", not of " + backend
                    + "; give each store its own state directory (--store)");
        }
        refuseLinkedDirectories(dir);
        return dir;
    }

    /**
     * A store over the given backend, with {@code dir} (see {@link #prepareState}) as its local state;
     * what an interrupted writer left is removed first when no other writer runs.
     *
     * @param location how messages and status name the store
     */
    public static Store assemble(Path dir, String location, BlobStore blobs, CatalogStore catalog, Clock clock) throws IOException {
        Store store = new Store(dir, location, blobs, catalog, clock);
        Optional<StoreLock> lock = StoreLock.tryAcquire(dir);
        if (lock.isPresent()) {
            try (StoreLock held = lock.get()) {
                store.recover();
            }
        }
        return store;
    }

    private static void requireStore(Path dir) throws IOException {
        if (exists(dir)) return;
        String why = !Files.exists(dir, LinkOption.NOFOLLOW_LINKS) ? "does not exist"
                : !Files.isDirectory(dir) ? "is not a directory"
                : Files.exists(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS) ? "is not a Ferry store (its " + MARKER
                + " marker is not a regular file)" : "is not a Ferry store (no " + MARKER + " file)";
        throw new NotAStoreException(dir + " " + why + "; create a store with 'ferry init --store " + dir
                + "' (or 'ferry import --create'), or give the path of an existing one");
    }

    /** Checks the marker's format line; returns its backend line ({@value #FILESYSTEM} when absent). */
    private static String checkFormat(Path dir) throws IOException {
        String[] lines = readMarker(dir.resolve(MARKER)).split("\n", -1);
        String format = lines[0].trim();
        if (!FORMAT.equals(format)) throw new IOException(dir + " holds a store of unsupported format '" + format + "'");
        String backend = lines.length > 1 ? lines[1].trim() : "";
        return backend.isEmpty() ? FILESYSTEM : backend;
    }

    private static void initialise(Path dir) throws IOException {
        initialise(dir, FILESYSTEM);
    }

    private static void initialise(Path dir, String backend) throws IOException {
        Path marker = dir.resolve(MARKER);
        if (Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isSymbolicLink(dir)) throw new IOException(dir + " is a symbolic link; give the store's real path");
        Files.createDirectories(dir);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            if (entries.iterator().hasNext()) {
                throw new IOException(dir + " is not empty and is not a Ferry store; refusing to use it");
            }
        }
        String content = FORMAT + "\n" + (FILESYSTEM.equals(backend) ? "" : backend + "\n");
        FileTrees.writeAtomically(marker, content.getBytes(StandardCharsets.UTF_8));
    }

    /** The path given as a store holds none. */
    public static final class NotAStoreException extends IOException {
        public NotAStoreException(String message) {
            super(message);
        }
    }

    /**
     * Recovery and gc list and delete inside these: through a planted link they would delete
     * whatever the link points at, so a store whose directory is a link is not opened.
     */
    private static void refuseLinkedDirectories(Path dir) throws IOException {
        for (String name : List.of("blobs", "blobs/sha256", "generations", "transactions", "staging", "quarantine", "quarantine/sha256")) {
            if (Files.isSymbolicLink(dir.resolve(name))) {
                throw new IOException(dir.resolve(name) + " is a symbolic link; a store's directories must be real directories");
            }
        }
    }

    /** The marker's text, read without following a link and never more than a few lines' worth. */
    private static String readMarker(Path marker) throws IOException {
        if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) throw new IOException(marker + " is not a regular file");
        try (java.io.InputStream in = Files.newInputStream(marker, LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        }
    }

    /** The local directory: the whole store on the file system, the local state (lock, journal, staging) otherwise. */
    public Path root() {
        return root;
    }

    /** How to name the store to people: its directory, or its bucket and prefix. */
    public String location() {
        return location;
    }

    public BlobStore blobs() {
        return blobs;
    }

    public CatalogStore catalog() {
        return catalog;
    }

    public Journal journal() {
        return catalog.journal();
    }

    /** What commits keep of superseded OCI manifests (config store.keepUntagged, store.pinned). */
    public RetentionPolicy retention() {
        return retention;
    }

    public Store retention(RetentionPolicy policy) {
        this.retention = java.util.Objects.requireNonNull(policy);
        return this;
    }

    Clock clock() {
        return clock;
    }

    /** The generation served now (the empty catalog for a new store). */
    public Generation current() throws IOException {
        OptionalLong n = catalog.current();
        return n.isPresent() ? catalog.read(n.getAsLong()) : Generation.empty();
    }

    /** Starts a change; fails at once if another writer holds the store. */
    public StoreTransaction begin(String origin) throws IOException {
        StoreLock lock = StoreLock.acquire(root);
        try {
            recover();
            return new StoreTransaction(this, lock, origin);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Makes {@code target} (or, when empty, the newest generation older than the current one that
     * was current once) current again. Refused when that generation's blobs are not all present.
     */
    public Generation rollback(OptionalLong target) throws IOException {
        try (StoreLock lock = StoreLock.acquire(root)) {
            recover();
            PointerState seen = catalog.pointer();
            Generation from = seen.generation().isPresent() ? catalog.read(seen.generation().getAsLong()) : Generation.empty();
            long to = target.isPresent() ? target.getAsLong() : previousOf(from.number());
            if (!catalog.list().contains(to)) {
                throw new IOException("generation " + to + " does not exist (kept: " + catalog.list() + ")");
            }
            Generation generation = catalog.read(to);
            Map<Digest, Long> stored = storedSizes();
            for (Generation.Reference ref : generation.references()) {
                Long size = stored.get(ref.digest());
                if (size == null || size != ref.size()) {
                    throw new IOException("generation " + to + " cannot be restored: blob " + ref.digest()
                            + " for " + ref.owner() + " is missing or damaged; run 'ferry verify'");
                }
            }
            catalog.setCurrent(to, seen);
            if (!catalog.list().contains(to)) { // gc on another host deleted it between the check and the move
                if (from.number() > 0) catalog.setCurrent(from.number(), catalog.pointer());
                throw new IOException("generation " + to + " was deleted (gc on another host) while this rollback ran; generation "
                        + from.number() + " is current again");
            }
            journal().append(new JournalEntry(clock.instant(), "rollback", JournalEntry.SUCCESS,
                    "generation " + from.number(), "", to, Map.of("from", Long.toString(from.number()))));
            return generation;
        }
    }

    /** The newest kept generation older than {@code current} that was itself current once (never a crashed writer's leftover). */
    private long previousOf(long current) throws IOException {
        OptionalLong previous = catalog.onceCurrent().stream().filter(n -> n < current).mapToLong(Long::longValue).max();
        if (previous.isEmpty()) {
            throw new IOException("no generation older than " + current + " that was ever current is kept (kept: "
                    + catalog.list() + "); name one with --to");
        }
        return previous.getAsLong();
    }

    /** Deletes generations beyond the newest {@code keep} (the current one always stays) and every blob none of the rest references. */
    public GcReport gc(int keep) throws IOException {
        if (keep < 1) throw new IllegalArgumentException("keep at least one generation");
        try (StoreLock lock = StoreLock.acquire(root)) {
            recover();
            List<Long> all = catalog.list();
            OptionalLong current = catalog.current();
            Set<Long> kept = keptBy(keep);
            List<Long> deletedGenerations = deleteGenerations(all.stream().filter(n -> !kept.contains(n)).toList());
            Set<Digest> referenced = referencedByAll();
            long[] freed = {0, 0, 0};
            IOException[] failure = {null};
            blobs.forEachSized((d, size) -> {
                if (referenced.contains(d) || failure[0] != null) return;
                try {
                    if (blobs.collect(d)) {
                        freed[1] += size;
                        freed[0]++;
                    } else {
                        freed[2]++;
                    }
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) throw failure[0];
            blobs.sync();
            GcReport report = new GcReport(deletedGenerations, freed[0], freed[1], kept.stream().sorted().toList(), freed[2]);
            journal().append(new JournalEntry(clock.instant(), "gc", JournalEntry.SUCCESS, "", "",
                    current.orElse(0), Map.of("deletedGenerations", Integer.toString(deletedGenerations.size()),
                    "deletedBlobs", Long.toString(freed[0]), "freedBytes", Long.toString(freed[1]),
                    "leftBlobs", Long.toString(freed[2]))));
            return report;
        }
    }

    /**
     * Deletes {@code planned} and returns what stays deleted. The store lock is this host's only: a
     * rollback on another host may make one of them current meanwhile. Each is copied aside first;
     * one the pointer names once all are gone is written back, so its blobs are kept too. (A
     * rollback that moves the pointer after this check finds its target gone and moves it back.)
     */
    private List<Long> deleteGenerations(List<Long> planned) throws IOException {
        CrashPoints.reach("gc-planned");
        Map<Long, Path> copies = new java.util.HashMap<>();
        try {
            for (long n : planned) {
                Path copy = Files.createTempFile(root.resolve("staging"), "generation-" + n + "-", ".json");
                copies.put(n, copy);
                Json.MAPPER.writeValue(copy.toFile(), catalog.read(n));
                catalog.delete(n);
            }
            OptionalLong named = catalog.pointer().generation();
            if (named.isEmpty() || !copies.containsKey(named.getAsLong())) return planned;
            long restored = named.getAsLong();
            catalog.write(Json.MAPPER.readValue(copies.get(restored).toFile(), Generation.class));
            return planned.stream().filter(n -> n != restored).toList();
        } finally {
            for (Path copy : copies.values()) Files.deleteIfExists(copy);
        }
    }

    /** The generations {@link #gc(int)} with {@code keep} would keep: the newest {@code keep} and the current one. */
    public Set<Long> keptBy(int keep) throws IOException {
        List<Long> all = catalog.list();
        Set<Long> kept = new HashSet<>(all.subList(Math.max(0, all.size() - keep), all.size()));
        catalog.current().ifPresent(kept::add);
        return kept;
    }

    /**
     * The blobs {@link #gc(int)} with {@code keep} would keep: those its kept generations reference.
     * Every other blob on disk is reclaimable. Reads without the lock (an estimate while a writer works).
     */
    public Set<Digest> keptDigests(int keep) throws IOException {
        Set<Digest> referenced = new HashSet<>();
        for (long n : keptBy(keep)) referenced.addAll(catalog.read(n).referencedDigests());
        return referenced;
    }

    /** {@link #quarantine}, waiting up to {@code wait} for a running writer (an import, gc) to finish. */
    public void quarantineWhenFree(java.util.Collection<Digest> damaged, java.time.Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                quarantine(damaged);
                return;
            } catch (StoreLock.StoreBusyException busy) {
                if (System.nanoTime() > deadline) throw busy;
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw busy;
                }
            }
        }
    }

    /** Moves damaged blobs aside (see {@link BlobStore#quarantine}); {@code ferry repair} restores them. */
    public void quarantine(java.util.Collection<Digest> damaged) throws IOException {
        try (StoreLock lock = StoreLock.acquire(root)) {
            for (Digest d : damaged) {
                if (blobs.contains(d)) blobs.quarantine(d);
            }
            journal().append(new JournalEntry(clock.instant(), "quarantine", JournalEntry.SUCCESS, "", "",
                    current().number(), Map.of("blobs", damaged.stream().map(Digest::toString)
                    .collect(java.util.stream.Collectors.joining(" ")))));
        }
    }

    /** Every stored blob's size, from one listing (object storage answers a page of them per request). */
    Map<Digest, Long> storedSizes() throws IOException {
        Map<Digest, Long> sizes = new java.util.HashMap<>();
        blobs.forEachSized(sizes::put);
        return sizes;
    }

    /** Union of the blobs every generation on disk references. */
    Set<Digest> referencedByAll() throws IOException {
        Set<Digest> referenced = new HashSet<>();
        for (long n : catalog.list()) referenced.addAll(catalog.read(n).referencedDigests());
        return referenced;
    }

    /**
     * Undoes what interrupted writers left: a generation that never became current, blobs only it
     * needed, staging files. Must run under the store lock.
     */
    void recover() throws IOException {
        List<TransactionPlan> plans = catalog.plans();
        if (!plans.isEmpty()) {
            for (TransactionPlan plan : plans) catalog.discardUnpublished(plan);
            Set<Digest> referenced = referencedByAll();
            for (TransactionPlan plan : plans) {
                for (Digest d : plan.newBlobs()) {
                    if (!referenced.contains(d)) blobs.collect(d);
                }
            }
            blobs.sync();
            for (TransactionPlan plan : plans) catalog.deletePlan(plan.transactionId());
        }
        blobs.discardAllStaging();
        Files.deleteIfExists(root.resolve("current.tmp"));
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * What {@link #gc(int)} removed; {@code leftBlobs}: unreferenced blobs the backend keeps for a
     * later gc (object storage: younger than its grace period).
     */
    public record GcReport(List<Long> deletedGenerations, long deletedBlobs, long freedBytes, List<Long> keptGenerations,
                           long leftBlobs) {
        public GcReport(List<Long> deletedGenerations, long deletedBlobs, long freedBytes, List<Long> keptGenerations) {
            this(deletedGenerations, deletedBlobs, freedBytes, keptGenerations, 0);
        }
    }
}
