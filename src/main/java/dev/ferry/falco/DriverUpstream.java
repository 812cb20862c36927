package dev.ferry.falco;

import java.net.URI;

/**
 * download.falco.org's layout as falcoctl requests it:
 * {@code <base>/<driverVersion, + as %2B>/<arch>/falco_<target>_<kernelRelease>_<kernelVersion>.ko|.o}.
 * Only the version is escaped (falcoctl uses url.QueryEscape on it alone). Upstream publishes no
 * checksum: what was fetched over TLS is recorded as such ("tofu-tls").
 */
public final class DriverUpstream {
    public static final String DEFAULT_BASE = "https://download.falco.org/driver";

    private DriverUpstream() {
    }

    public static String fileName(String target, String kernelRelease, String kernelVersion, String kind) {
        return "falco_" + target + "_" + kernelRelease + "_" + kernelVersion + (kind.equals("ebpf") ? ".o" : ".ko");
    }

    /** The tree path Ferry serves it at: {@code driver/<version>/<arch>/<file>}. */
    public static String treePath(String version, String arch, String fileName) {
        return "driver/" + version + "/" + arch + "/" + fileName;
    }

    public static URI url(String base, String version, String arch, String fileName) {
        String b = (base == null ? DEFAULT_BASE : base).replaceAll("/+$", "");
        return URI.create(b + "/" + version.replace("+", "%2B") + "/" + arch + "/" + fileName);
    }
}
