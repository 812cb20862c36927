package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.bundle.InventoryFile;
import dev.ferry.config.FerryConfig;
import dev.ferry.core.Json;
import dev.ferry.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the store's inventory (ferry.inventory.v1): its current catalog with every digest and size, the Falco "
                + "drivers and container images clients wanted, and what is overdue by its upstream NextUpdate. On the connected side, "
                + "'ferry bundle plan|create --spec S --base FILE' then fetches and carries only what the store lacks.")
final class InventoryExportCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Inventory file to write.")
    Path out;

    @Option(names = "--wanted", paramLabel = "FILE", description = "The output of 'ferry wanted --output json' to include.")
    Path wanted;

    @Option(names = "--server", paramLabel = "URL", description = "Also ask this running server for its wanted drivers.")
    URI server;

    @Option(names = "--cacert", paramLabel = "FILE", description = "With an https --server: the CA to trust.")
    Path cacert;

    @Option(names = "--token-file", paramLabel = "FILE", description = "With --server: a file holding a token with the read scope.")
    Path tokenFile;

    @Override
    public Integer call() throws Exception {
        FerryConfig config = storeOptions.load();
        Store store = storeOptions.open(config);
        List<InventoryFile.Wanted> drivers = new ArrayList<>();
        List<String> images = new ArrayList<>();
        List<JsonNode> bodies = new ArrayList<>();
        if (wanted != null) bodies.add(Json.MAPPER.readTree(Files.readAllBytes(wanted)));
        if (server != null) bodies.add(WantedClient.fetch(server, cacert, tokenFile));
        for (JsonNode body : bodies) {
            for (JsonNode w : body.path("wanted")) {
                String last = w.path("lastSeen").asText(null);
                drivers.add(new InventoryFile.Wanted(w.path("path").asText(), w.path("requests").asLong(),
                        last == null ? null : Instant.parse(last)));
            }
            for (JsonNode w : body.path("images").path("wanted")) {
                if (!images.contains(w.path("reference").asText())) images.add(w.path("reference").asText());
            }
        }
        InventoryFile inv = InventoryFile.of(store.current(), drivers, images, Instant.now());
        inv.write(out);
        Text.linef("inventory of generation %d (%s): %d paths, %d repositories, %d wanted drivers, %d wanted images, %d overdue",
                inv.catalog().number(), inv.inventory(), inv.catalog().files().size(), inv.catalog().repositories().size(),
                inv.wanted().size(), inv.wantedImages().size(), inv.overdue().size());
        Text.line("  " + out);
        return 0;
    }
}
