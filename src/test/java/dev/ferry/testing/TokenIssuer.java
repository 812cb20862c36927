package dev.ferry.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.ferry.tls.Pem;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The token endpoint of a docker-registry with {@code auth.token}: RS256 JWTs with the signing certificate in
 * {@code x5c}, which registry 2.8 checks against its {@code rootcertbundle}. Anonymous callers get pull, a known
 * user (HTTP Basic) what they ask for.
 */
public final class TokenIssuer implements AutoCloseable {
    public static final String ISSUER = "ferry-test-issuer";
    public static final String SERVICE = "ferry-test-registry";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Who asked (a user name, or "anonymous") for which scopes. */
    public record Request(String user, List<String> scopes) {
    }

    public final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpsServer server;
    private final KeyPair key;
    private final X509Certificate cert;
    private final Map<String, String> users;

    public TokenIssuer(TestPki pki, Map<String, String> users) throws Exception {
        this.users = Map.copyOf(users);
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        key = g.generateKeyPair();
        X500Name name = new X500Name("CN=ferry test token signer");
        Instant now = Instant.now();
        cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name, key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate())));
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(pki.serverContext()));
        server.createContext("/token", this::handle);
        server.start();
    }

    public URI realm() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    /** The certificate registry's {@code rootcertbundle} must hold. */
    public Path writeRootCert(Path file) throws IOException {
        Files.writeString(file, Pem.encode(cert));
        return file;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            List<String> scopes = new ArrayList<>();
            String query = ex.getRequestURI().getRawQuery();
            if (query != null) {
                for (String kv : query.split("&")) {
                    if (kv.startsWith("scope=")) scopes.add(URLDecoder.decode(kv.substring(6), StandardCharsets.UTF_8));
                }
            }
            String user = "anonymous";
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth != null && auth.startsWith("Basic ")) {
                String[] up = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8).split(":", 2);
                if (up.length != 2 || !up[1].equals(users.get(up[0]))) {
                    ex.sendResponseHeaders(401, -1);
                    requests.add(new Request("refused " + up[0], scopes));
                    return;
                }
                user = up[0];
            }
            requests.add(new Request(user, scopes));
            byte[] body = JSON.writeValueAsBytes(response(user, scopes));
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private ObjectNode response(String user, List<String> scopes) throws Exception {
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode().put("iss", ISSUER).put("sub", user).put("aud", SERVICE)
                .put("exp", now + 300).put("nbf", now - 10).put("iat", now).put("jti", UUID.randomUUID().toString());
        ArrayNode access = claims.putArray("access");
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            if (parts.length < 3) continue;
            String name = String.join(":", java.util.Arrays.copyOfRange(parts, 1, parts.length - 1));
            ArrayNode actions = access.addObject().put("type", parts[0]).put("name", name).putArray("actions");
            for (String a : parts[parts.length - 1].split(",")) {
                if (a.equals("pull") || (a.equals("push") && !user.equals("anonymous"))) actions.add(a);
            }
        }
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256");
        header.putArray("x5c").add(Base64.getEncoder().encodeToString(cert.getEncoded()));
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = url.encodeToString(JSON.writeValueAsBytes(header)) + "." + url.encodeToString(JSON.writeValueAsBytes(claims));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key.getPrivate());
        s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        String token = signingInput + "." + url.encodeToString(s.sign());
        return JSON.createObjectNode().put("token", token).put("access_token", token).put("expires_in", 300)
                .put("issued_at", Instant.ofEpochSecond(now).toString());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
