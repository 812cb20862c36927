package dev.ferry.http;

import dev.ferry.testing.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Malformed query strings and parameter values on every route: each a 400 with a reason, never a 500. */
class QueryParametersTest {
    @TempDir
    Path dir;
    AdminFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) fx.close();
    }

    private record Case(String method, String target, String token, String reason) {
    }

    @TestFactory
    Stream<DynamicTest> badQueryParametersAreClientErrors() throws Exception {
        fx = new AdminFixture(dir);
        fx.start(null);
        String reader = fx.tokens.get("reader");
        String roller = fx.tokens.get("roller");
        List<Case> cases = List.of(
                new Case("GET", "/api/v1/catalog?family=%zz", null, "query"),
                new Case("GET", "/api/v1/catalog?family=%", null, "query"),
                new Case("GET", "/api/v1/wanted?all=%", null, "query"),
                new Case("GET", "/api/v1/wanted?all=maybe", null, "all"),
                new Case("GET", "/api/v1/status?x=%G0", null, "query"),
                new Case("GET", "/a.txt?x=%2", null, "query"),
                new Case("GET", "/?format=%zz", null, "query"),
                new Case("GET", "/api/v1/imports?limit=%", reader, "query"),
                new Case("GET", "/api/v1/imports?limit=abc", reader, "limit"),
                new Case("GET", "/api/v1/imports?limit=99999999999", reader, "limit"),
                new Case("POST", "/api/v1/rollback?to=abc", roller, "to"),
                new Case("POST", "/api/v1/rollback?to=-1", roller, "to"),
                new Case("POST", "/api/v1/rollback?to=%zz", roller, "query"),
                new Case("GET", "/v2/_catalog?n=-1", null, "PAGINATION_NUMBER_INVALID"),
                new Case("GET", "/v2/_catalog?n=%", null, "query"),
                new Case("GET", "/v2/_catalog?n=abc", null, "PAGINATION_NUMBER_INVALID"),
                new Case("GET", "/v2/_catalog?last=%G0", null, "query"),
                new Case("GET", "/v2/_catalog?ns=%zz", null, "query"));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.method() + " " + c.target(), () -> {
            RawHttp.Response r;
            try (RawHttp http = new RawHttp(fx.server.port())) {
                r = http.exchange(c.method() + " " + c.target() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + (c.token() == null ? "" : "Authorization: Bearer " + c.token() + "\r\n")
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n", false);
            }
            assertEquals(400, r.status(), c.target() + ": " + r.text());
            assertTrue(r.text().contains(c.reason()), c.target() + ": expected '" + c.reason() + "' in " + r.text());
            assertFalse(r.text().contains("Exception"), r.text());
        }));
    }
}
