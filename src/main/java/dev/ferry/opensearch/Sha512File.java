package dev.ferry.opensearch;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The {@code .sha512} sibling of an official plugin zip, in the form the OpenSearch installer
 * accepts for official plugins: one line {@code <128 lower-case hex digits>␠␠<zip file name>},
 * optionally ending in a newline, nothing else. Ferry serves the same form (GNU {@code sha512sum}
 * output, so {@code sha512sum -c} checks it).
 */
public final class Sha512File {
    public static final String SUFFIX = ".sha512";
    public static final int MAX_BYTES = 4096;
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{128}");

    private Sha512File() {
    }

    /**
     * @return the lower-case hex digest
     * @throws IllegalArgumentException with the reason the file is not acceptable
     */
    public static String parse(byte[] content, String zipFileName) {
        if (content.length > MAX_BYTES) throw new IllegalArgumentException("longer than " + MAX_BYTES + " bytes");
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.endsWith("\r\n")) text = text.substring(0, text.length() - 2);
        else if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("more than one line (the installer accepts exactly one)");
        }
        String[] fields = text.split(" {2}", -1);
        if (fields.length != 2) {
            throw new IllegalArgumentException("not '<sha512 hex>  <file name>' (two fields separated by two spaces)");
        }
        String hex = fields[0];
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException(hex.length() == 128 && HEX.matcher(hex.toLowerCase(java.util.Locale.ROOT)).matches()
                    ? "upper-case hex digits (the installer compares lower-case hex and would report a mismatch)"
                    : "the digest is not 128 hex digits");
        }
        if (!fields[1].equals(zipFileName)) {
            throw new IllegalArgumentException("is for '" + fields[1] + "', not for '" + zipFileName + "'");
        }
        return hex;
    }

    /** The sidecar Ferry publishes: {@code <hex>␠␠<file name>\n}. */
    public static byte[] format(String sha512Hex, String zipFileName) {
        return (sha512Hex + "  " + zipFileName + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
