package dev.ferry.spec;

import dev.ferry.fetch.OciReference;

import java.util.List;

/**
 * A {@code ferry.spec.v1} file: everything one bundle carries from the real upstreams, each entry
 * saying where it is published. Every section is optional; see {@code artifacts-layout/spec.md}.
 * Constructors check what Jackson cannot, so a refusal carries the line and key of the entry.
 */
public record Spec(String apiVersion, Trivy trivy, OpenSearch opensearch, Falco falco, List<Oci> oci, Images images, List<File> files) {
    public static final String API_VERSION = "ferry.spec.v1";

    public Spec {
        if (!API_VERSION.equals(apiVersion)) {
            throw new IllegalArgumentException("apiVersion must be " + API_VERSION + (apiVersion == null ? "" : ", not '" + apiVersion + "'"));
        }
        oci = list(oci);
        files = list(files);
    }

    /** Trivy's vulnerability DB and Java DB (either may be left out). */
    public record Trivy(TrivyDb db, TrivyDb javadb) {
    }

    /**
     * @param source     the reference to pull (default per DB)
     * @param mirrors    references tried in order when the source fails
     * @param repository where it is published (default: the source's repository path)
     */
    public record TrivyDb(String source, List<String> mirrors, String repository) {
        public TrivyDb {
            mirrors = list(mirrors);
            if (source != null) OciReference.parse(source);
            mirrors.forEach(OciReference::parse);
        }
    }

    /** @param keys further trusted OpenPGP public key files (e.g. the 3.0+ release key), relative to the spec */
    public record OpenSearch(List<Plugin> plugins, List<String> keys) {
        public OpenSearch {
            plugins = list(plugins);
            keys = list(keys);
        }
    }

    /** One plugin at one or several versions; {@code prefix} is the catalog path prefix it is published under. */
    public record Plugin(String name, String version, List<String> versions, String source, String prefix) {
        public Plugin {
            require(name, "name");
            if ((version == null) == (versions == null || versions.isEmpty())) {
                throw new IllegalArgumentException("plugin '" + name + "': give exactly one of 'version' and 'versions'");
            }
            versions = version != null ? List.of(version) : List.copyOf(versions);
            version = null;
            prefix = prefix == null ? "" : prefix;
        }
    }

    public record Falco(List<Drivers> drivers, Index index) {
        public Falco {
            drivers = list(drivers);
        }
    }

    /**
     * Prebuilt drivers: every version × arch × kind × kernel.
     *
     * @param kinds       {@code module} (.ko) and/or {@code ebpf} (.o); default module
     * @param kernelsFrom a spec file (as {@code ferry wanted --output spec} writes) whose driver kernels are added
     */
    public record Drivers(List<String> versions, List<String> archs, List<String> kinds, List<Kernel> kernels,
                          String kernelsFrom, String source, String prefix) {
        public Drivers {
            if (versions == null || versions.isEmpty()) throw new IllegalArgumentException("drivers: 'versions' is required");
            archs = archs == null || archs.isEmpty() ? List.of("x86_64") : List.copyOf(archs);
            for (String a : archs) {
                if (!a.equals("x86_64") && !a.equals("aarch64")) throw new IllegalArgumentException("archs: '" + a + "' is not x86_64 or aarch64");
            }
            kinds = kinds == null || kinds.isEmpty() ? List.of("module") : List.copyOf(kinds);
            for (String k : kinds) {
                if (!k.equals("module") && !k.equals("ebpf")) throw new IllegalArgumentException("kinds: '" + k + "' is not module or ebpf");
            }
            kernels = list(kernels);
            if (kernels.isEmpty() && kernelsFrom == null) throw new IllegalArgumentException("drivers: give 'kernels' or 'kernelsFrom'");
            prefix = prefix == null ? "" : prefix;
        }
    }

    /** A kernel as falcoctl names it (see {@code falcoctl driver printenv}). */
    public record Kernel(String target, String kernelRelease, String kernelVersion) {
        public Kernel {
            require(target, "target");
            require(kernelRelease, "kernelRelease");
            require(kernelVersion, "kernelVersion");
        }
    }

    /** @param path where the index is published (e.g. {@code falcoctl/index.yaml}) */
    public record Index(String url, String path, List<IndexArtifact> artifacts) {
        public Index {
            require(path, "path");
            artifacts = list(artifacts);
        }
    }

    /**
     * @param platforms {@code os/arch[/variant]} to keep of a multi-platform artifact; empty: all
     * @param repository where it is published (default: the index entry's repository)
     */
    public record IndexArtifact(String name, String tag, List<String> platforms, String repository) {
        public IndexArtifact {
            require(name, "name");
            tag = tag == null ? "latest" : tag;
            platforms = list(platforms);
        }
    }

    /**
     * The cluster's container images: images lists in the admins' format (relative to the spec) and
     * single references, each published under its upstream host ({@code docker.io/library/nginx}).
     *
     * @param platforms {@code os/arch[/variant]} to keep of multi-platform images; empty: all
     */
    public record Images(List<String> lists, List<String> refs, List<String> platforms) {
        public Images {
            lists = list(lists);
            refs = list(refs);
            refs.forEach(OciReference::parse);
            platforms = list(platforms);
        }
    }

    /** Any image or artifact by tag or digest. */
    public record Oci(String ref, List<String> platforms, String repository) {
        public Oci {
            require(ref, "ref");
            OciReference.parse(ref); // refused here, with the line, rather than when planning
            platforms = list(platforms);
        }
    }

    /**
     * Any file. Exactly one of {@code sha256}, {@code sha256sums} (a SHA256SUMS URL) and {@code sha512}
     * (a {@code .sha512} URL) says what its bytes must be; {@code signature} + {@code key} add OpenPGP.
     *
     * @param path the catalog path it is published at
     */
    public record File(String url, String sha256, String sha256sums, String sha512, String signature, String key, String path) {
        public File {
            require(url, "url");
            require(path, "path");
            int checks = (sha256 == null ? 0 : 1) + (sha256sums == null ? 0 : 1) + (sha512 == null ? 0 : 1);
            if (checks != 1) throw new IllegalArgumentException("file " + url + ": give exactly one of 'sha256', 'sha256sums', 'sha512'");
            if ((signature == null) != (key == null)) throw new IllegalArgumentException("file " + url + ": 'signature' needs 'key' and the reverse");
        }
    }

    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    static void require(String value, String key) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException("'" + key + "' is required");
    }
}
