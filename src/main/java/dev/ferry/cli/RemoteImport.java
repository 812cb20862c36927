package dev.ferry.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.ferry.core.Json;
import dev.ferry.tls.TrustedCas;

import javax.net.ssl.HttpsURLConnection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * `ferry import --server URL`: streams a bundle file to a running server's
 * {@code POST /api/v1/imports} with its length declared and "Expect: 100-continue", so a bad
 * token or an oversized bundle is refused before it is sent; progress is reported as bytes leave.
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

    /** `ferry import --server`: uploads with a progress bar and prints the server's report like a local import. */
    static int run(URI server, Path tokenFile, Path caFile, Path bundle, OutputFormat output) throws Exception {
        if (tokenFile == null) throw new IllegalArgumentException("--server needs --token-file");
        dev.ferry.importer.InputFiles.requireRegular(bundle, bundle.toString()); // a FIFO would hang the upload, a link is not followed
        Map<String, Object> report;
        try (ProgressLine progress = new ProgressLine("uploading " + bundle.getFileName(), Files.size(bundle))) {
            report = new RemoteImport(server, tokenFile, caFile).upload(bundle, progress);
        }
        if (output == OutputFormat.json) {
            System.out.println(OutputFormat.toJson(report));
        } else {
            boolean changed = Boolean.TRUE.equals(report.get("changed"));
            Text.linef("%s %s on %s", changed ? "published generation" : "unchanged: generation",
                    report.get("generation"), server);
            Text.linef("  %s files, %s OCI tags, %s bytes verified, %s new blobs", report.get("files"),
                    report.get("tags"), report.get("bytes"), report.get("newBlobs"));
        }
        return 0;
    }

    /**
     * Uploads {@code bundle}; returns the server's import report, or throws with its refusal.
     * "Expect: 100-continue" lets the server refuse (token, scope, size) before any byte is sent.
     */
    Map<String, Object> upload(Path bundle, LongConsumer progress) throws Exception {
        long size = Files.size(bundle);
        String base = server.toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/api/v1/imports?name="
                + URLEncoder.encode(bundle.getFileName().toString(), StandardCharsets.UTF_8));
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        if (c instanceof HttpsURLConnection https && caFile != null) {
            https.setSSLSocketFactory(TrustedCas.sslContext(caFile).getSocketFactory());
        }
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(size);
        c.setConnectTimeout((int) Duration.ofSeconds(30).toMillis());
        c.setReadTimeout(0); // verification and publishing of a large bundle may take a while after the last byte
        c.setRequestProperty("Authorization", "Bearer " + token);
        c.setRequestProperty("Content-Type", "application/octet-stream");
        c.setRequestProperty("Expect", "100-continue");
        try (OutputStream out = c.getOutputStream(); InputStream in = dev.ferry.importer.InputFiles.openRegular(bundle, bundle.toString())) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                progress.accept(n);
            }
        } catch (IOException refusedOrCut) {
            // the server answered before taking everything (refusal) or closed: its status tells which
        }
        int status = c.getResponseCode();
        InputStream answer = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String text = answer == null ? "" : new String(answer.readAllBytes(), StandardCharsets.UTF_8);
        Map<String, Object> body = parse(text);
        if (status != 200) {
            // after a refused "Expect: 100-continue" the JDK client keeps only the status line
            Object error = body.getOrDefault("error", text.isBlank() ? refusal(status) : text.trim());
            throw new IOException(server + " refused the import (HTTP " + status + "): " + error);
        }
        return body;
    }

    private static String refusal(int status) {
        return switch (status) {
            case 401 -> "no valid token (missing, unknown or revoked)";
            case 403 -> "the token lacks the import scope, or the server wants HTTPS or a client certificate";
            case 404 -> "the server's admin API is off (admin.tokens)";
            case 413 -> "the bundle is larger than the server's admin.maxUpload";
            default -> "no reason given";
        };
    }

    private static Map<String, Object> parse(String json) {
        try {
            return Json.MAPPER.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (IOException notJson) {
            return Map.of();
        }
    }
}
