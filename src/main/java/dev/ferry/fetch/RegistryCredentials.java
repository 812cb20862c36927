package dev.ferry.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Registry credentials from a docker {@code config.json}: {@code auths.<host>.auth} (base64 user:pass) or username/password. */
public final class RegistryCredentials {
    public record Login(String user, String password) {
        public String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Login[" + user + "]"; // never the password
        }
    }

    private final JsonNode auths;

    private RegistryCredentials(JsonNode auths) {
        this.auths = auths;
    }

    public static RegistryCredentials none() {
        return new RegistryCredentials(null);
    }

    public static RegistryCredentials load(Path file) throws IOException {
        if (file == null) return none();
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("registry auth file " + file + " is not readable JSON: " + e.getMessage(), e);
        }
        return new RegistryCredentials(root == null ? null : root.get("auths"));
    }

    /** The login for {@code host}; keys may carry a scheme and path, and Docker Hub has several names. */
    public Optional<Login> forHost(String host) throws IOException {
        if (auths == null) return Optional.empty();
        String want = normalise(host);
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!normalise(e.getKey()).equals(want)) continue;
            JsonNode v = e.getValue();
            if (v.hasNonNull("auth") && !v.get("auth").asText().isEmpty()) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(v.get("auth").asText().trim()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException ex) {
                    throw new IOException("registry auth for " + host + ": auth is not base64");
                }
                int colon = decoded.indexOf(':');
                if (colon < 0) throw new IOException("registry auth for " + host + ": auth is not user:password");
                return Optional.of(new Login(decoded.substring(0, colon), decoded.substring(colon + 1)));
            }
            if (v.hasNonNull("username")) {
                return Optional.of(new Login(v.get("username").asText(), v.path("password").asText("")));
            }
        }
        return Optional.empty();
    }

    static String normalise(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        int scheme = k.indexOf("://");
        if (scheme >= 0) k = k.substring(scheme + 3);
        int slash = k.indexOf('/');
        if (slash >= 0) k = k.substring(0, slash);
        if (k.equals("index.docker.io") || k.equals("registry-1.docker.io")) k = "docker.io";
        return k;
    }
}
