package dev.ferry.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.Digest;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pull side of the distribution API for one host, authenticated as the registry asks: none, Basic, or the
 * Bearer token flow (anonymous, or Basic at the token realm with the login from the auth file). Tokens are kept
 * per scope until they expire.
 */
public final class HttpRegistryClient implements RegistryClient {
    public static final int MAX_MANIFEST_BYTES = 4 << 20;
    public static final List<String> MANIFEST_TYPES = List.of(
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final String ACCEPT = String.join(", ", MANIFEST_TYPES);
    private static final Pattern PARAM = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))");
    private static final int MAX_TOKEN_BYTES = 1 << 20;

    private final HttpFetcher fetcher;
    private final String host;
    private final URI base;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private volatile Challenge challenge;

    /** How the registry asked to be authenticated ({@code none} when it did not). */
    record Challenge(String scheme, Map<String, String> params) {
        static final Challenge NONE = new Challenge("none", Map.of());
    }

    private record Token(String value, Instant expires) {
    }

    HttpRegistryClient(HttpFetcher fetcher, String host) {
        this(fetcher, host, URI.create("https://" + (host.equals(OciReference.DOCKER_HUB) ? "registry-1.docker.io" : host)));
    }

    /** A client for the registry at {@code base} (tests use plain HTTP on loopback). */
    HttpRegistryClient(HttpFetcher fetcher, String host, URI base) {
        this.fetcher = fetcher;
        this.host = host;
        this.base = base;
    }

    @Override
    public ManifestRef resolve(OciReference ref) throws IOException {
        URI url = manifestUrl(ref, ref.manifestReference());
        FetchRequest req = new FetchRequest(ref.toString(), "HEAD", url, ref.repository());
        HttpFetcher.Exchange r = send(req, 0);
        Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
        String type = mediaType(r);
        if (header.isEmpty() || type == null) {
            // some registries answer HEAD without the digest: GET and hash
            r = send(new FetchRequest(ref.toString(), "GET", url, ref.repository()), MAX_MANIFEST_BYTES);
            Digest d = Digest.ofBytes(r.body());
            check(ref, url, d);
            return new ManifestRef(d, checkedType(ref.toString(), url, mediaType(r)), r.body().length);
        }
        Digest d;
        try {
            d = Digest.parse(header.get().trim());
        } catch (IllegalArgumentException e) {
            throw new FetchException(ref.toString(), url, "unusable Docker-Content-Digest: " + header.get());
        }
        check(ref, url, d);
        long size = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (size > MAX_MANIFEST_BYTES) throw new FetchException(ref.toString(), url, "manifest of " + size + " bytes refused");
        return new ManifestRef(d, checkedType(ref.toString(), url, type), size);
    }

    @Override
    public byte[] manifest(OciReference ref, Digest digest) throws IOException {
        URI url = manifestUrl(ref, digest.toString());
        HttpFetcher.Exchange r = send(new FetchRequest(ref.toString(), "GET", url, ref.repository()), MAX_MANIFEST_BYTES);
        Digest got = Digest.ofBytes(r.body());
        if (!got.equals(digest)) {
            throw new FetchException(ref.toString(), url, "sha256 mismatch: expected " + digest + ", got " + got);
        }
        checkedType(ref.toString(), url, mediaType(r));
        return r.body();
    }

    @Override
    public Fetched blob(OciReference ref, Digest digest, long size) throws IOException {
        URI url = base.resolve("/v2/" + ref.repository() + "/blobs/" + digest);
        String artifact = ref.host() + "/" + ref.repository() + "@" + digest;
        Optional<Fetched> hit = fetcher.cached(artifact, url, digest);
        if (hit.isPresent()) return hit.get();
        if (challenge == null) ping();
        try {
            return fetcher.download(artifact, url, digest, size, authorization(ref.repository(), artifact));
        } catch (FetchException e) {
            if (e.status() != 401) throw e;
            // expired or revoked token, or a repository that wants auth where /v2/ did not: ask again, once
            HttpFetcher.Exchange r = fetcher.exchange(artifact, "HEAD", url, Map.of(), 0);
            if (r.status() == 401) learn(r, new FetchRequest(artifact, "HEAD", url, ref.repository()));
            tokens.clear();
            return fetcher.download(artifact, url, digest, size, authorization(ref.repository(), artifact));
        }
    }

    private record FetchRequest(String artifact, String method, URI url, String repository) {
    }

    /** A manifest request with auth: one 401 teaches the challenge, the retry carries the credentials. */
    private HttpFetcher.Exchange send(FetchRequest req, int maxBytes) throws IOException {
        HttpFetcher.Exchange r = fetcher.exchange(req.artifact(), req.method(), req.url(), headers(req), maxBytes);
        if (r.status() == 401) {
            learn(r, req);
            tokens.clear();
            r = fetcher.exchange(req.artifact(), req.method(), req.url(), headers(req), maxBytes);
        }
        if (r.status() == 404) throw new FetchException(req.artifact(), req.url(), "manifest unknown (HTTP 404)", 404, null);
        if (r.status() != 200) {
            throw new FetchException(req.artifact(), req.url(), "HTTP " + r.status() + errorText(r), r.status(), null);
        }
        return r;
    }

    private Map<String, String> headers(FetchRequest req) throws IOException {
        Map<String, String> h = new LinkedHashMap<>(authorization(req.repository(), req.artifact()));
        h.put("Accept", ACCEPT);
        return h;
    }

    private void ping() throws IOException {
        HttpFetcher.Exchange r = fetcher.exchange(host, "GET", base.resolve("/v2/"), Map.of(), 64 * 1024);
        if (r.status() == 401) learn(r, new FetchRequest(host, "GET", base.resolve("/v2/"), null));
        else challenge = Challenge.NONE;
    }

    private void learn(HttpFetcher.Exchange r, FetchRequest req) throws IOException {
        String header = r.headers().firstValue("WWW-Authenticate").orElse(null);
        Challenge c = header == null ? null : parseChallenge(header);
        if (c == null) throw new FetchException(req.artifact(), req.url(), "HTTP 401 without a usable WWW-Authenticate", 401, null);
        if (c.scheme().equals("basic") && fetcher.credentials().forHost(host).isEmpty()) {
            throw new FetchException(req.artifact(), req.url(), "HTTP 401: the registry wants a login and the auth file has none for " + host, 401, null);
        }
        challenge = c;
    }

    static Challenge parseChallenge(String header) {
        String h = header.trim();
        int sp = h.indexOf(' ');
        String scheme = (sp < 0 ? h : h.substring(0, sp)).toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        if (sp > 0) {
            Matcher m = PARAM.matcher(h.substring(sp + 1));
            while (m.find()) params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
        }
        if (!scheme.equals("bearer") && !scheme.equals("basic")) return null;
        if (scheme.equals("bearer") && !params.containsKey("realm")) return null;
        return new Challenge(scheme, params);
    }

    /** The Authorization header for pulls from {@code repository}, fetching a token when the challenge is Bearer. */
    private Map<String, String> authorization(String repository, String artifact) throws IOException {
        Challenge c = challenge;
        if (c == null || c == Challenge.NONE) return Map.of();
        Optional<RegistryCredentials.Login> login = fetcher.credentials().forHost(host);
        if (c.scheme().equals("basic")) return login.map(l -> Map.of("Authorization", l.basic())).orElse(Map.of());
        String scope = repository == null ? c.params().get("scope") : "repository:" + repository + ":pull";
        String cacheKey = scope == null ? "" : scope;
        Token t = tokens.get(cacheKey);
        if (t == null || Instant.now().isAfter(t.expires())) {
            t = token(c, scope, login, artifact);
            tokens.put(cacheKey, t);
        }
        return Map.of("Authorization", "Bearer " + t.value());
    }

    private Token token(Challenge c, String scope, Optional<RegistryCredentials.Login> login, String artifact) throws IOException {
        StringBuilder q = new StringBuilder();
        if (c.params().get("service") != null) q.append("service=").append(enc(c.params().get("service")));
        if (scope != null) q.append(q.length() > 0 ? "&" : "").append("scope=").append(enc(scope));
        String realm = c.params().get("realm");
        URI url = URI.create(realm + (q.length() == 0 ? "" : (realm.contains("?") ? "&" : "?") + q));
        if (!"https".equals(url.getScheme()) && login.isPresent()) {
            throw new FetchException(artifact, url, "refusing to send registry credentials to a token realm without TLS");
        }
        Map<String, String> h = login.map(l -> Map.of("Authorization", l.basic())).orElse(Map.of());
        HttpFetcher.Exchange r = fetcher.exchange(artifact, "GET", url, h, MAX_TOKEN_BYTES);
        if (r.status() != 200) {
            throw new FetchException(artifact, url, "token request answered HTTP " + r.status() + errorText(r), r.status(), null);
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(r.body());
        } catch (IOException e) {
            throw new FetchException(artifact, url, "token answer is not JSON");
        }
        String token = json.path("token").asText(json.path("access_token").asText(""));
        if (token.isEmpty()) throw new FetchException(artifact, url, "token answer has no token");
        long ttl = json.path("expires_in").asLong(60);
        return new Token(token, Instant.now().plusSeconds(Math.max(10, ttl) - 5));
    }

    private URI manifestUrl(OciReference ref, String reference) {
        return base.resolve("/v2/" + ref.repository() + "/manifests/" + reference);
    }

    private static void check(OciReference ref, URI url, Digest got) throws FetchException {
        if (ref.digest() != null && !ref.digest().equals(got)) {
            throw new FetchException(ref.toString(), url, "sha256 mismatch: expected " + ref.digest() + ", got " + got);
        }
    }

    private static String mediaType(HttpFetcher.Exchange r) {
        return r.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim().toLowerCase(Locale.ROOT)).orElse(null);
    }

    private static String checkedType(String artifact, URI url, String type) throws FetchException {
        if (type == null || !MANIFEST_TYPES.contains(type)) {
            throw new FetchException(artifact, url, "not a manifest media type: " + type);
        }
        return type;
    }

    private static String errorText(HttpFetcher.Exchange r) {
        if (r.body().length == 0) return "";
        String s = new String(r.body(), 0, Math.min(200, r.body().length), StandardCharsets.UTF_8).strip();
        return ": " + dev.ferry.core.Printable.text(s);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
