package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.falco.FalcoEndpoint;
import dev.ferry.core.Json;
import dev.ferry.tls.TrustedCas;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Reads a running server's wanted list (the Falco drivers clients asked for and did not get). */
final class WantedClient {
    private WantedClient() {
    }

    /**
     * @param cacert    the CA of an https server, or null
     * @param tokenFile a file holding a read token, or null
     */
    static JsonNode fetch(URI server, Path cacert, Path tokenFile) throws Exception {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (cacert != null) client.sslContext(TrustedCas.sslContext(cacert));
        URI uri = URI.create(server.toString().replaceAll("/+$", "") + FalcoEndpoint.WANTED_PATH);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (tokenFile != null) request.header("Authorization", "Bearer " + Files.readString(tokenFile, StandardCharsets.UTF_8).trim());
        HttpResponse<String> r = client.build().send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException(uri + " answered " + r.statusCode());
        return Json.MAPPER.readTree(r.body());
    }
}
