package dev.ferry.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.ferry.store.Json;
import dev.ferry.tls.TrustedCas;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * `ferry import --server URL`: streams a bundle file to a running server's
 * {@code POST /api/v1/imports}, with its length declared up front (so an oversized bundle is
 * refused before it is sent) and progress reported as bytes leave.
 */
final class RemoteImport {
    private final URI server;
    private final String token;
    private final Path caFile;

    RemoteImport(URI server, Path tokenFile, Path caFile) throws IOException {
        if (!"https".equals(server.getScheme()) && !"http".equals(server.getScheme())) {
            throw new IllegalArgumentException("--server must be an http:// or https:// URL");
        }
        this.server = server;
        this.token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
        if (token.isEmpty() || token.contains("\n")) throw new IllegalArgumentException(tokenFile + " must hold one token");
        this.caFile = caFile;
    }

    /** Uploads {@code bundle}; returns the server's import report, or throws with its refusal. */
    Map<String, Object> upload(Path bundle, LongConsumer progress) throws Exception {
        long size = Files.size(bundle);
        HttpClient.Builder client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30));
        if (caFile != null) client.sslContext(TrustedCas.sslContext(caFile));
        String base = server.toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/api/v1/imports?name="
                + URLEncoder.encode(bundle.getFileName().toString(), StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream")
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> counting(bundle, progress)), size))
                .build();
        HttpResponse<String> response = client.build().send(request, HttpResponse.BodyHandlers.ofString());
        Map<String, Object> body = parse(response.body());
        if (response.statusCode() != 200) {
            Object error = body.getOrDefault("error", response.body().trim());
            throw new IOException(server + " refused the import (HTTP " + response.statusCode() + "): " + error);
        }
        return body;
    }

    private static Map<String, Object> parse(String json) {
        try {
            return Json.MAPPER.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (IOException notJson) {
            return Map.of();
        }
    }

    private static InputStream counting(Path file, LongConsumer progress) {
        try {
            return new FilterInputStream(Files.newInputStream(file)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) progress.accept(n);
                    return n;
                }
            };
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
