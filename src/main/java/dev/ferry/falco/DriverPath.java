package dev.ferry.falco;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a driver lives in a driver repository: {@code <driverVersion>/<arch>/<file>} (the layout
 * since Falco 0.32.1 and on download.falco.org) or the legacy {@code <driverVersion>/<file>}
 * (x86_64 only, Falco 0.32.0 and earlier). Ferry publishes a driver at {@code driver/…} (the
 * download.falco.org key, for {@code FALCOCTL_DRIVER_REPOS=http://host:port/driver}) and at the
 * same place without {@code driver/} (for a repository URL of just {@code http://host:port}).
 *
 * @param driverVersion e.g. {@code 7.0.0+driver}, or a libs commit hash for old releases
 * @param arch          {@code x86_64} or {@code aarch64}; x86_64 for the legacy layout
 * @param legacy        true for the layout without the arch directory
 * @param fileName      the driver file's name, unescaped
 */
public record DriverPath(String driverVersion, String arch, boolean legacy, String fileName) {
    public static final String ROOT = "driver";
    public static final String X86_64 = "x86_64";
    public static final String AARCH64 = "aarch64";
    public static final Set<String> ARCHES = Set.of(X86_64, AARCH64);
    /** Semantic version (with {@code +driver} build metadata) or a libs commit hash. */
    private static final Pattern DRIVER_VERSION = Pattern.compile(
            "[0-9]+\\.[0-9]+\\.[0-9]+(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?|[0-9a-f]{7,64}");

    public static boolean isDriverVersion(String s) {
        return DRIVER_VERSION.matcher(s).matches();
    }

    /**
     * Reads the segments below a repository root ({@code [version, arch, file]} or
     * {@code [version, file]}); throws {@link IllegalArgumentException} saying what does not fit.
     */
    public static DriverPath of(List<String> segments) {
        if (segments.size() != 2 && segments.size() != 3) {
            throw new IllegalArgumentException("not <driverVersion>/<arch>/<file> (or the legacy <driverVersion>/<file>) below " + ROOT + "/");
        }
        String version = segments.get(0);
        if (!isDriverVersion(version)) {
            throw new IllegalArgumentException("'" + version + "' is not a driver version (like 7.0.0+driver, or a libs commit hash)");
        }
        boolean legacy = segments.size() == 2;
        String arch = legacy ? X86_64 : segments.get(1);
        if (!ARCHES.contains(arch)) {
            throw new IllegalArgumentException("architecture directory '" + arch + "' is neither " + X86_64 + " nor " + AARCH64);
        }
        return new DriverPath(version, arch, legacy, segments.get(segments.size() - 1));
    }

    /**
     * The driver a request path asks for, whatever sits before the version (a prefix, {@code driver/}),
     * or null when the path does not end like a driver request. Never throws.
     */
    public static DriverRequest request(List<String> segments) {
        int n = segments.size();
        if (n < 2) return null;
        DriverFileName name;
        try {
            name = DriverFileName.parse(segments.get(n - 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (n >= 3 && ARCHES.contains(segments.get(n - 2)) && isDriverVersion(segments.get(n - 3))) {
            return new DriverRequest(new DriverPath(segments.get(n - 3), segments.get(n - 2), false, segments.get(n - 1)), name);
        }
        if (isDriverVersion(segments.get(n - 2))) {
            return new DriverRequest(new DriverPath(segments.get(n - 2), X86_64, true, segments.get(n - 1)), name);
        }
        return null;
    }

    /** A request that names a driver: where, and its parsed file name. */
    public record DriverRequest(DriverPath path, DriverFileName name) {
    }

    /** Relative to a repository root: {@code <v>/<arch>/<file>} or {@code <v>/<file>}. */
    public String inRepository() {
        return legacy ? driverVersion + "/" + fileName : driverVersion + "/" + arch + "/" + fileName;
    }

    /** The download.falco.org key, which is also where a driver tree holds the file: {@code driver/…}. */
    public String upstreamPath() {
        return ROOT + "/" + inRepository();
    }
}
