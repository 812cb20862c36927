package dev.ferry.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reads a spec strictly: unknown or duplicate keys and wrong shapes are refused with their line and key. */
public final class SpecParser {
    static final int MAX_BYTES = 1 << 20;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SpecParser() {
    }

    public static Spec read(Path file) throws IOException, SpecException {
        if (Files.size(file) > MAX_BYTES) throw new SpecException(file + ": larger than " + MAX_BYTES + " bytes");
        return parse(Files.readAllBytes(file), file.getFileName().toString());
    }

    public static Spec parse(byte[] yaml, String name) throws SpecException {
        Map<String, Integer> lines;
        try {
            lines = SpecShape.check(new String(yaml, StandardCharsets.UTF_8), name);
        } catch (YAMLException e) {
            throw new SpecException(name + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
        try {
            Spec spec = YAML.readValue(yaml, Spec.class);
            if (spec == null) throw new SpecException(name + ": empty (expected apiVersion: " + Spec.API_VERSION + ")");
            return spec;
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : " (known here: "
                    + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")) + ")";
            throw new SpecException(where(name, e, lines) + ": unknown key '" + e.getPropertyName() + "'" + known);
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : null;
            throw new SpecException(where(name, e, lines) + ": " + (cause != null ? cause.getMessage() : e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new SpecException(where(name, e, lines) + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SpecException(name + ": " + e.getMessage());
        }
    }

    /** The line of the key path Jackson names (where the entry starts), else where Jackson stopped. */
    private static String where(String name, JsonProcessingException e, Map<String, Integer> lines) {
        JsonLocation at = e.getLocation();
        StringBuilder s = new StringBuilder(name);
        Integer line = e instanceof JsonMappingException m ? lines.get(key(m)) : null;
        if (line != null) s.append(" line ").append(line);
        else if (at != null && at.getLineNr() > 0) s.append(" line ").append(at.getLineNr());
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) s.append(", key ").append(key(m));
        return s.toString();
    }

    /** {@code falco.drivers[0].kernels[2].target}. */
    static String key(JsonMappingException e) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!s.isEmpty()) s.append('.');
                s.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                s.append('[').append(r.getIndex()).append(']');
            }
        }
        return s.toString();
    }
}
