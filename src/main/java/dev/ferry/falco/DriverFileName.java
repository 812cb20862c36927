package dev.ferry.falco;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prebuilt driver's file name as falcoctl builds it ({@code pkg/driver/distro/distro.go}
 * {@code toFilename}): {@code falco_<target>_<kernelRelease>_<kernelVersion>.ko} (kernel module)
 * or {@code .o} (legacy eBPF probe).
 * <p>
 * The separators are ambiguous, so the split follows how falcoctl fills each part: the target is
 * an os-release ID (lower-cased, never an underscore); a kernel release may carry underscores
 * (RHEL z-stream {@code 5.14.0-284.11.1.el9_2.x86_64}), '+' (COS {@code 5.10.68+}) and '~'
 * (Debian backports); the kernel version is one '_'-free token ({@code 1}, {@code 57~20.04.1}),
 * except for minikube, talos and bottlerocket, where falcoctl writes {@code 1_<version>}
 * ({@code 1_1.26.0}, {@code 1_1.11.0-aws}).
 *
 * @param target        os-release derived target id, e.g. {@code ubuntu-gcp}, {@code amazonlinux2}
 * @param kernelRelease {@code uname -r} after falcoctl's per-distro fix-up
 * @param kernelVersion the fixed-up kernel version
 * @param kind          {@link #KMOD} or {@link #EBPF}
 */
public record DriverFileName(String target, String kernelRelease, String kernelVersion, String kind) {
    public static final String DRIVER_NAME = "falco";
    public static final String KMOD = "kmod";
    public static final String EBPF = "ebpf";
    private static final Set<String> ONE_UNDERSCORE_VERSION = Set.of("minikube", "talos", "bottlerocket");
    private static final Pattern TARGET = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
    private static final Pattern RELEASE = Pattern.compile("[0-9][0-9A-Za-z.+~_-]*");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z.+~_-]+");
    private static final Pattern SPLIT_LAST = Pattern.compile("(.+)_([^_]+)");
    private static final Pattern SPLIT_PREFIXED = Pattern.compile("(.+)_([0-9]+_[^_]+)");

    /** The file name back, exactly as a client asks for it. */
    public String fileName() {
        return DRIVER_NAME + "_" + target + "_" + kernelRelease + "_" + kernelVersion + (KMOD.equals(kind) ? ".ko" : ".o");
    }

    /** The architecture the kernel release names ({@code .x86_64}, {@code -arm64}…), or null when it names none. */
    public String releaseArch() {
        if (kernelRelease.endsWith(".x86_64") || kernelRelease.endsWith("-amd64")) return DriverPath.X86_64;
        if (kernelRelease.endsWith(".aarch64") || kernelRelease.endsWith("-arm64")) return DriverPath.AARCH64;
        return null;
    }

    /** Parses {@code name}; throws {@link IllegalArgumentException} saying what does not fit. */
    public static DriverFileName parse(String name) {
        String kind;
        String stem;
        if (name.endsWith(".ko")) {
            kind = KMOD;
            stem = name.substring(0, name.length() - 3);
        } else if (name.endsWith(".o")) {
            kind = EBPF;
            stem = name.substring(0, name.length() - 2);
        } else {
            throw new IllegalArgumentException("not a driver file: the name ends neither in .ko (kernel module) nor .o (eBPF probe)");
        }
        String prefix = DRIVER_NAME + "_";
        if (!stem.startsWith(prefix)) {
            throw new IllegalArgumentException("not named " + prefix + "<target>_<kernelRelease>_<kernelVersion>");
        }
        String rest = stem.substring(prefix.length());
        int underscore = rest.indexOf('_');
        if (underscore < 0) throw new IllegalArgumentException("no kernel release and kernel version after the target");
        String target = rest.substring(0, underscore);
        if (!TARGET.matcher(target).matches()) {
            throw new IllegalArgumentException("target '" + target + "' is not an os-release style id (lower-case letters, digits, '.', '-'; "
                    + "falcoctl lower-cases the ID)");
        }
        boolean prefixed = ONE_UNDERSCORE_VERSION.contains(target);
        Matcher m = (prefixed ? SPLIT_PREFIXED : SPLIT_LAST).matcher(rest.substring(underscore + 1));
        if (!m.matches()) {
            throw new IllegalArgumentException(prefixed
                    ? "no '_1_<version>' kernel version, as falcoctl writes it for " + target
                    : "no '_<kernelVersion>' after the kernel release");
        }
        String release = m.group(1);
        String version = m.group(2);
        if (!RELEASE.matcher(release).matches()) {
            throw new IllegalArgumentException("kernel release '" + release + "' does not look like uname -r (a digit first; letters, digits, . + ~ _ -)");
        }
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("kernel version '" + version + "' has characters falcoctl never writes");
        }
        return new DriverFileName(target, release, version, kind);
    }
}
