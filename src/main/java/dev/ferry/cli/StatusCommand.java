package dev.ferry.cli;

import dev.ferry.config.FerryConfig;
import dev.ferry.opensearch.PluginStatus;
import dev.ferry.oci.OciStatus;
import dev.ferry.store.JournalEntry;
import dev.ferry.store.Store;
import dev.ferry.store.StoreStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the current generation, what it serves, the store's size and the last imports.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Override
    public Integer call() throws Exception {
        FerryConfig config = storeOptions.load();
        Store store = storeOptions.open(config);
        StoreStatus s = StoreStatus.of(store);
        OciStatus oci = OciStatus.of(store.current());
        Instant now = Instant.now();
        if (output == OutputFormat.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("store", store.root().toString());
            json.put("generation", s.generation());
            json.put("paths", s.paths());
            json.put("blobs", s.blobs());
            json.put("bytes", s.bytes());
            json.put("generations", s.generations());
            json.put("lastImport", s.lastImport().orElse(null));
            json.put("lastSuccessfulImport", s.lastSuccess().orElse(null));
            json.put("opensearch", PluginStatus.json(store.current(), config.opensearch().clusterVersion()));
            json.put("falco", dev.ferry.falco.FalcoStatus.json(store.current()));
            json.put("repositories", oci.repositories());
            json.put("tags", oci.tags());
            json.put("freshness", oci.dated().stream().map(d -> d.toJson(now)).toList());
            System.out.println(OutputFormat.toJson(json));
            return 0;
        }
        System.out.println("store:        " + store.root());
        System.out.println("generation:   " + s.generation());
        System.out.println("paths:        " + s.paths());
        System.out.println("blobs:        " + s.blobs() + " (" + Sizes.bytes(s.bytes()) + ")");
        System.out.println("generations:  " + s.generations());
        oci.lines(now).forEach(System.out::println);
        System.out.println("last import:  " + describe(s.lastImport()));
        System.out.println("last success: " + describe(s.lastSuccess()));
        PluginStatus.lines(store.current(), config.opensearch().clusterVersion()).forEach(System.out::println);
        dev.ferry.falco.FalcoStatus.lines(store.current()).forEach(System.out::println);
        return 0;
    }

    private static String describe(Optional<JournalEntry> entry) {
        if (entry.isEmpty()) return "never";
        JournalEntry e = entry.get();
        String line = e.time() + " " + e.result() + " (" + e.source() + ")";
        return e.reason().isEmpty() ? line : line + ": " + e.reason();
    }
}
