package dev.ferry.cli;

import dev.ferry.config.FerryConfig;
import dev.ferry.opensearch.PluginStatus;
import dev.ferry.status.Activity;
import dev.ferry.status.CatalogView;
import dev.ferry.status.StatusReport;
import dev.ferry.status.StoreUsage;
import dev.ferry.store.Generation;
import dev.ferry.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the current generation, what it serves and how fresh it is, the store's size, the last imports "
                + "and verification (what the catalog page and /api/v1/status show).")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Override
    public Integer call() throws Exception {
        FerryConfig config = storeOptions.load();
        Store store = storeOptions.open(config);
        Generation current = store.current();
        StoreUsage usage = StoreUsage.of(store.blobs());
        StatusReport report = new StatusReport(Instant.now(), CatalogView.of(current, store.blobs()), Activity.of(store.journal()),
                usage, List.of());
        List<Long> generations = store.catalog().list();
        if (output == OutputFormat.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("store", store.root().toString());
            json.put("generation", current.number());
            json.put("paths", current.files().size());
            json.put("blobs", usage.blobs());
            json.put("bytes", usage.bytes());
            json.put("generations", generations);
            json.put("repositories", current.repositories().size());
            json.put("tags", report.catalog().tags());
            json.put("lastImport", report.activity().lastImport());
            json.put("lastSuccessfulImport", report.activity().lastSuccessfulImport());
            json.put("status", report.statusJson());
            json.put("opensearch", PluginStatus.json(current, config.opensearch().clusterVersion()));
            json.put("falco", dev.ferry.falco.FalcoStatus.json(current));
            System.out.println(OutputFormat.toJson(json));
            return 0;
        }
        System.out.println("store:        " + store.root());
        System.out.println("generation:   " + current.number());
        System.out.println("paths:        " + current.files().size());
        System.out.println("blobs:        " + usage.blobs() + " (" + Sizes.bytes(usage.bytes()) + ")");
        System.out.println("generations:  " + generations);
        System.out.printf("repositories: %d (%d tags)%n", current.repositories().size(), report.catalog().tags());
        report.freshnessLines().forEach(System.out::println);
        report.activityLines().forEach(System.out::println);
        PluginStatus.lines(current, config.opensearch().clusterVersion()).forEach(System.out::println);
        dev.ferry.falco.FalcoStatus.lines(current).forEach(System.out::println);
        return 0;
    }
}
