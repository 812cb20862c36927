package dev.ferry.spec;

import dev.ferry.core.Printable;
import dev.ferry.fetch.OciReference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An images list as admins make it ({@code helmfile template | yq '..|.image? | select(.)' | sort -u}):
 * one reference per line, Docker's short forms allowed ({@code nginx:1.27} is
 * {@code docker.io/library/nginx:1.27}); blank lines, {@code #} comments and YAML document
 * separators are skipped, anything else that is not a reference is refused with its line.
 */
final class ImagesList {
    static final int MAX_BYTES = 4 << 20;

    /** One reference and where it came from ({@code images-sc.list:12}), for the plan and the provenance. */
    record Entry(OciReference reference, String origin) {
    }

    private ImagesList() {
    }

    static List<Entry> read(Path file) throws IOException, SpecException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) throw new SpecException(file + ": images list is not a regular file");
        if (Files.size(file) > MAX_BYTES) throw new SpecException(file + ": images list larger than " + MAX_BYTES + " bytes");
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
    }

    static List<Entry> parse(String text, String name) throws SpecException {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int hash = line.indexOf(" #");
            if (hash >= 0) line = line.substring(0, hash).strip();
            if (line.isEmpty() || line.startsWith("#") || line.equals("---")) continue;
            if (line.length() > 1 && (line.startsWith("\"") && line.endsWith("\"") || line.startsWith("'") && line.endsWith("'"))) {
                line = line.substring(1, line.length() - 1); // yq without -r quotes strings
            }
            try {
                entries.add(new Entry(OciReference.parse(line), name + ":" + (i + 1)));
            } catch (IllegalArgumentException e) {
                throw new SpecException(name + " line " + (i + 1) + ": '" + Printable.of(line) + "' is not an image reference: " + e.getMessage());
            }
        }
        return entries;
    }
}
