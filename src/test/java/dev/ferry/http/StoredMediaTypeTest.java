package dev.ferry.http;

import dev.ferry.testing.RawHttp;
import dev.ferry.testing.ServedStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A media type that cannot be a header, already in a store (published before imports checked it), is not a 500 forever. */
class StoredMediaTypeTest {
    @TempDir
    Path dir;

    @Test
    void anUnusableStoredMediaTypeIsServedAsOctetStream() throws Exception {
        try (ServedStore served = ServedStore.start(dir, Map.of(), Map.of())) {
            byte[] body = "payload".getBytes(StandardCharsets.UTF_8);
            served.publish("crlf.txt", body, "text/plain\r\nX-Evil: 1", Map.of());
            served.publish("nosub.txt", body, "text", Map.of());
            served.publish("fine.txt", body, "text/plain; charset=utf-8", Map.of());
            for (String path : new String[]{"/crlf.txt", "/nosub.txt"}) {
                RawHttp.Response r = RawHttp.get(served.port(), path);
                assertEquals(200, r.status(), path);
                assertEquals("application/octet-stream", r.header("Content-Type"), path);
                assertNull(r.header("X-Evil"), path);
                assertEquals("payload", r.text(), path);
            }
            assertEquals("text/plain; charset=utf-8", RawHttp.get(served.port(), "/fine.txt").header("Content-Type"));
        }
    }
}
