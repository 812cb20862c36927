package dev.ferry.http;

import dev.ferry.falco.FalcoEndpoint;
import dev.ferry.importer.ReservedPaths;
import dev.ferry.store.CatalogPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Every path an endpoint answers before the file catch-all is one the importer refuses to publish a file at. */
class ReservedRoutesTest {
    @Test
    void everyEndpointPathIsReservedForImports() {
        List<String> answered = new ArrayList<>(List.of("/metrics", "/healthz", "/readyz", "/v2", "/v2/library/alpine/tags/list",
                CatalogEndpoint.STATUS_PATH, CatalogEndpoint.CATALOG_PATH, FalcoEndpoint.WANTED_PATH));
        answered.addAll(AdminEndpoint.PATHS);
        for (String url : answered) {
            assertNotNull(ReservedPaths.problem(CatalogPath.of(url.substring(1))), url + " is answered by an endpoint but importable");
        }
    }
}
