package dev.ferry.importer;

import dev.ferry.core.Digest;
import dev.ferry.core.RejectedException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses checksum lists as GNU coreutils {@code sha256sum} writes them: {@code <hex>␠␠<name>}
 * (text), {@code <hex>␠*<name>} (binary), the backslash-escaped form for names with '\' or a
 * newline, and the {@code --tag} form {@code SHA256 (<name>) = <hex>}. A leading "./" is dropped.
 * Anything else, or a name listed twice, is refused with its line number.
 */
public final class Sha256Sums {
    public static final String FILE_NAME = "SHA256SUMS";
    private static final Pattern PLAIN = Pattern.compile("([0-9a-fA-F]{64}) ([ *])(.+)");
    private static final Pattern TAGGED = Pattern.compile("SHA256 \\((.+)\\) = ([0-9a-fA-F]{64})");
    private static final int MAX_LINE = 8192;
    /** The whole file: a million lines of typical length. */
    public static final long MAX_BYTES = 128L << 20;

    private Sha256Sums() {
    }

    /** Name → expected digest, in file order. */
    public static Map<String, Digest> parse(InputStream in, String fileName) throws IOException {
        Map<String, Digest> sums = new LinkedHashMap<>();
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder))) {
            int number = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                number++;
                String where = fileName + " line " + number;
                if (line.length() > MAX_LINE) throw new RejectedException(where, "line longer than " + MAX_LINE + " characters");
                if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
                if (line.isBlank()) continue;
                boolean escaped = line.startsWith("\\");
                if (escaped) line = line.substring(1);
                String name;
                String hex;
                Matcher plain = PLAIN.matcher(line);
                Matcher tagged = TAGGED.matcher(line);
                if (plain.matches()) {
                    hex = plain.group(1);
                    name = plain.group(3);
                } else if (tagged.matches()) {
                    name = tagged.group(1);
                    hex = tagged.group(2);
                } else {
                    throw new RejectedException(where, "not a sha256sum line (expected '<64 hex digits>  <file name>')");
                }
                if (escaped) name = unescape(name, where);
                if (name.startsWith("./")) name = name.substring(2);
                if (sums.putIfAbsent(name, Digest.ofHex(hex)) != null) {
                    throw new RejectedException(where, "'" + name + "' is listed twice");
                }
            }
        } catch (CharacterCodingException e) {
            throw new RejectedException(fileName, "not valid UTF-8");
        }
        return sums;
    }

    private static String unescape(String name, String where) throws RejectedException {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i == name.length()) throw new RejectedException(where, "dangling backslash in file name");
            switch (name.charAt(i)) {
                case '\\' -> sb.append('\\');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                default -> throw new RejectedException(where, "unknown escape '\\" + name.charAt(i) + "' in file name");
            }
        }
        return sb.toString();
    }
}
