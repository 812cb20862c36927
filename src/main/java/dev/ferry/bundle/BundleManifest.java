package dev.ferry.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.core.MediaTypeSyntax;
import dev.ferry.core.Reasons;
import dev.ferry.core.oci.OciNames;
import dev.ferry.store.CatalogPath;
import dev.ferry.core.Digest;
import dev.ferry.core.Json;
import dev.ferry.core.JsonRefusal;
import dev.ferry.store.OciRepository;
import dev.ferry.core.RejectedException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The first entry of a bundle ({@code manifest.json}): what the bundle is, and the catalog changes
 * it makes. See {@code artifacts-layout/bundle.md} for the format; {@link #parse} is its only reader
 * and refuses anything the specification does not allow.
 *
 * @param format       {@link BundleFormat#FORMAT}
 * @param id           unique bundle id
 * @param channel      the release line this bundle belongs to; replay protection is per channel
 * @param created      creation time; on a channel, a bundle must be newer than the last one imported
 * @param expires      after this instant the bundle is refused (null: never)
 * @param creator      who or what made it (free text)
 * @param base         for a delta bundle, the catalog it applies to (null for a full bundle)
 * @param blobs        every blob entry the bundle carries, in the order written
 * @param replace      prefixes whose published paths are dropped before {@code files} are added ("" = all)
 * @param remove       single paths dropped (after {@code replace}) before {@code files} are added
 * @param files        paths to publish (add or replace)
 * @param repositories OCI repositories to merge in (tags replace same-named tags; manifests and blobs are added)
 * @param replaceTags  repositories whose tags are all dropped before {@code repositories} apply ({@code --replace} of OCI input)
 * @param provenance   optional: per artifact fetched from an upstream, where from and what verified it (absent in
 *                     bundles made from local inputs, and in bundles of earlier Ferry versions)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BundleManifest(String format, String id, String channel, Instant created, Instant expires, String creator,
                             Base base, List<Blob> blobs, List<String> replace, List<String> remove, Map<String, File> files,
                             Map<String, OciRepository> repositories,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> replaceTags,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Provenance> provenance) {

    /** No bundle predates Ferry: an earlier time is a unit mix-up (seconds read as a date) or a forgery. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @com.fasterxml.jackson.annotation.JsonCreator
    public BundleManifest {
        blobs = blobs == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(blobs));
        replace = replace == null ? List.of() : List.copyOf(replace);
        remove = remove == null ? List.of() : List.copyOf(remove);
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files == null ? Map.of() : files));
        repositories = Collections.unmodifiableSortedMap(new TreeMap<>(repositories == null ? Map.of() : repositories));
        replaceTags = replaceTags == null ? List.of() : List.copyOf(replaceTags);
        provenance = provenance == null ? List.of() : List.copyOf(provenance);
    }

    /** A manifest without provenance (local inputs). */
    public BundleManifest(String format, String id, String channel, Instant created, Instant expires, String creator, Base base,
                          List<Blob> blobs, List<String> replace, List<String> remove, Map<String, File> files,
                          Map<String, OciRepository> repositories, List<String> replaceTags) {
        this(format, id, channel, created, expires, creator, base, blobs, replace, remove, files, repositories, replaceTags, null);
    }

    public BundleManifest(String format, String id, String channel, Instant created, Instant expires, String creator, Base base,
                          List<Blob> blobs, List<String> replace, List<String> remove, Map<String, File> files,
                          Map<String, OciRepository> repositories) {
        this(format, id, channel, created, expires, creator, base, blobs, replace, remove, files, repositories, List.of(), null);
    }

    /** The catalog a delta bundle was made against: its generation there, and its inventory digest. */
    public record Base(long generation, Digest inventory) {
    }

    /** One {@code blobs/sha256/<hex>} entry. */
    public record Blob(Digest digest, long size) {
    }

    /** A path to publish. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record File(Digest digest, long size, String mediaType, String family, Map<String, String> metadata) {
        public File {
            metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata == null ? Map.of() : metadata));
        }
    }

    /** The exact bytes Ferry writes; verification never re-serializes, it checks the bytes as read. */
    public byte[] toBytes() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sum of the sizes of the blobs carried. */
    public long payloadBytes() {
        return blobs.stream().mapToLong(Blob::size).sum();
    }

    /** Parses and validates; every refusal names {@link BundleFormat#MANIFEST}. */
    public static BundleManifest parse(byte[] bytes) throws RejectedException {
        String where = BundleFormat.MANIFEST;
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new RejectedException(where, "not valid UTF-8");
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            throw new RejectedException(where, "starts with a byte order mark");
        }
        BundleManifest m;
        try {
            m = Json.MAPPER.readValue(bytes, BundleManifest.class);
        } catch (JsonProcessingException e) {
            throw new RejectedException(where, "not a valid bundle manifest: " + JsonRefusal.reason(e));
        } catch (IOException | RuntimeException e) {
            throw new RejectedException(where, "not a valid bundle manifest: " + Reasons.of(e));
        }
        if (m == null) throw new RejectedException(where, "empty manifest");
        m.validate();
        return m;
    }

    /** Checks every rule of the format that does not depend on the importing store. */
    void validate() throws RejectedException {
        String where = BundleFormat.MANIFEST;
        if (!BundleFormat.FORMAT.equals(format)) {
            throw new RejectedException(where, "unsupported bundle format '" + format + "' (this Ferry reads " + BundleFormat.FORMAT + ")");
        }
        require(id != null && ID.matcher(id).matches(), "id must match " + ID.pattern());
        require(channel != null && CHANNEL.matcher(channel).matches(), "channel must match " + CHANNEL.pattern());
        require(created != null, "created is required");
        require(!created.isBefore(EARLIEST), "created " + created + " is before 2000: not a bundle creation time");
        require(creator != null, "creator is required");
        require(expires == null || expires.isAfter(created), "expires " + expires + " must be later than created " + created);
        require(base == null || (base.generation() >= 0 && base.inventory() != null), "base needs a generation and an inventory digest");
        Map<Digest, Long> carried = new LinkedHashMap<>();
        for (Blob b : blobs) {
            require(b != null && b.digest() != null, "every blob needs a digest and a size");
            require(b.size() >= 0, "blob " + b.digest() + ": negative size " + b.size());
            require(carried.put(b.digest(), b.size()) == null, "blob " + b.digest() + " is listed twice");
        }
        for (String prefix : replace) {
            require(prefix != null && (prefix.isEmpty() || CatalogPath.problem(prefix) == null),
                    "replace prefix '" + prefix + "' is not a valid path");
        }
        for (String path : remove) {
            require(path != null && CatalogPath.problem(path) == null, "remove path '" + path + "' is not a valid path");
        }
        for (String name : replaceTags) {
            require(name != null && OciNames.isName(name), "replaceTags name '" + name + "' is not a valid OCI name");
        }
        Set<Digest> referenced = new HashSet<>();
        for (Map.Entry<String, File> e : files.entrySet()) {
            String problem = CatalogPath.problem(e.getKey());
            require(problem == null, "file path '" + e.getKey() + "': " + problem);
            File f = e.getValue();
            require(f != null && f.digest() != null, "file '" + e.getKey() + "' needs a digest and a size");
            require(f.size() >= 0, "file '" + e.getKey() + "': negative size " + f.size());
            requireMediaType(f.mediaType() == null || MediaTypeSyntax.isValid(f.mediaType()), "files." + e.getKey() + ".mediaType");
            reference(carried, referenced, e.getKey(), f.digest(), f.size());
        }
        for (Map.Entry<String, OciRepository> e : repositories.entrySet()) {
            String name = e.getKey();
            require(OciNames.isName(name), "repository name '" + name + "' is not a valid OCI name");
            OciRepository repo = e.getValue();
            require(repo != null, "repository '" + name + "' is empty");
            for (Map.Entry<String, Digest> tag : repo.tags().entrySet()) {
                require(OciNames.isTag(tag.getKey()), "repository '" + name + "': tag '" + tag.getKey() + "' is not a valid OCI tag");
                require(repo.manifests().containsKey(tag.getValue().toString()),
                        "repository '" + name + "': tag '" + tag.getKey() + "' points at a manifest the repository does not list");
            }
            for (Map.Entry<String, OciRepository.OciManifest> man : repo.manifests().entrySet()) {
                requireMediaType(MediaTypeSyntax.isValid(man.getValue().mediaType()),
                        "repositories." + name + ".manifests." + man.getKey() + ".mediaType");
                reference(carried, referenced, name + "@" + man.getKey(), Digest.parse(man.getKey()), man.getValue().size());
            }
            for (Map.Entry<String, Long> blob : repo.blobs().entrySet()) {
                reference(carried, referenced, name + "@" + blob.getKey(), Digest.parse(blob.getKey()), blob.getValue());
            }
        }
        for (Digest d : carried.keySet()) {
            require(referenced.contains(d), "blob " + d + " is carried but nothing references it");
        }
    }

    private void reference(Map<Digest, Long> carried, Set<Digest> referenced, String owner, Digest digest, long size)
            throws RejectedException {
        Long carriedSize = carried.get(digest);
        if (carriedSize == null) {
            require(base != null, owner + " references blob " + digest + ", which the bundle does not carry (only a delta bundle may rely on its base)");
        } else {
            require(carriedSize == size, owner + " declares " + size + " bytes but blob " + digest + " is listed with " + carriedSize);
        }
        referenced.add(digest);
    }

    /**
     * Refuses a bundle created later than {@code now} allows (more than {@link BundleFormat#MAX_CLOCK_SKEW}
     * ahead): imported, it would block every later bundle of its channel until that time.
     */
    public void checkCreatedBy(Instant now) throws RejectedException {
        require(!created.isAfter(now.plus(BundleFormat.MAX_CLOCK_SKEW)), "created " + created + ", which is in the future: "
                + "this machine's clock says " + now + " (at most " + BundleFormat.MAX_CLOCK_SKEW.toMinutes()
                + " minutes of clock skew are allowed)");
    }

    private static void requireMediaType(boolean ok, String field) throws RejectedException {
        require(ok, "field '" + field + "': not a valid media type (RFC 6838 type/subtype, optionally followed by "
                + ";name=value parameters, no spaces in names, no control characters)");
    }

    private static void require(boolean ok, String reason) throws RejectedException {
        if (!ok) throw new RejectedException(BundleFormat.MANIFEST, reason);
    }
}
