package dev.ferry.cli;

import dev.ferry.bundle.Inventory;
import dev.ferry.app.FerryFamilies;
import dev.ferry.config.FerryConfig;
import dev.ferry.family.ServerContext;
import dev.ferry.opensearch.OpenSearchSettings;
import dev.ferry.status.StatusSection;
import dev.ferry.store.LiveCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.ferry.opensearch.PluginStatus;
import dev.ferry.status.Activity;
import dev.ferry.status.CatalogView;
import dev.ferry.status.StatusReport;
import dev.ferry.status.StoreUsage;
import dev.ferry.store.ChannelRecord;
import dev.ferry.store.Generation;
import dev.ferry.store.JournalEntry;
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
    private static final int RECENT = 5;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Override
    public Integer call() throws Exception {
        FerryConfig config = storeOptions.load();
        Store store = storeOptions.open(config);
        Generation current = store.current();
        StoreUsage usage = StoreUsage.of(store, config.store().keepGenerations());
        StatusReport report = new StatusReport(Instant.now(), CatalogView.of(current, store.blobs()), Activity.of(store.journal()),
                usage, offlineSections(config, store, current));
        List<Long> generations = store.catalog().list();
        List<JournalEntry> recent = report.activity().recentImports(); // oldest first
        recent = recent.subList(Math.max(0, recent.size() - RECENT), recent.size());
        Map<String, ChannelRecord> channels = store.catalog().channels();
        if (output == OutputFormat.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("store", store.location());
            json.put("generation", current.number());
            json.put("paths", current.files().size());
            json.put("blobs", usage.blobs());
            json.put("bytes", usage.bytes());
            json.put("reclaimableBlobs", usage.reclaimableBlobs());
            json.put("reclaimableBytes", usage.reclaimableBytes());
            json.put("generations", generations);
            json.put("repositories", current.repositories().size());
            json.put("tags", report.catalog().tags());
            json.put("lastImport", report.activity().lastImport());
            json.put("lastSuccessfulImport", report.activity().lastSuccessfulImport());
            json.put("status", report.statusJson());
            json.put("opensearch", PluginStatus.json(current, config.settings(OpenSearchSettings.class).clusterVersion()));
            json.put("falco", dev.ferry.falco.FalcoStatus.json(current));
            json.put("images", dev.ferry.status.ImagesStatus.json(report.catalog()));
            json.put("inventory", Inventory.of(current).toString());
            json.put("channels", channels);
            json.put("recentImports", recent);
            System.out.println(OutputFormat.toJson(json));
            return 0;
        }
        Text.line("store:        " + store.location());
        Text.line("generation:   " + current.number());
        Text.line("paths:        " + current.files().size());
        Text.line("blobs:        " + usage.blobs() + " (" + Sizes.bytes(usage.bytes()) + ")");
        Text.linef("reclaimable:  %d blobs (%s) that 'ferry gc' (keep %d) would delete", usage.reclaimableBlobs(),
                Sizes.bytes(usage.reclaimableBytes()), config.store().keepGenerations());
        Text.line("generations:  " + generations);
        Text.linef("repositories: %d (%d tags)", current.repositories().size(), report.catalog().tags());
        report.freshnessLines().forEach(Text::line);
        report.activityLines().forEach(Text::line);
        PluginStatus.lines(current, config.settings(OpenSearchSettings.class).clusterVersion()).forEach(Text::line);
        dev.ferry.falco.FalcoStatus.lines(current).forEach(Text::line);
        dev.ferry.status.ImagesStatus.lines(report.catalog()).forEach(Text::line);
        Text.line("inventory:    " + Inventory.of(current));
        channels.forEach((name, c) -> Text.linef("channel %s: bundle %s created %s, signer %s, imported %s (generation %d)",
                name, c.bundleId(), c.created(), c.signer().isEmpty() ? "none" : c.signer(), c.importedAt(), c.generation()));
        if (!recent.isEmpty()) Text.line("recent imports (oldest first):");
        for (JournalEntry e : recent) {
            Map<String, String> d = e.details();
            String bundle = d.containsKey("bundleId") ? " bundle " + d.get("bundleId") + " signer " + d.getOrDefault("signer", "?") : "";
            Text.linef("  %s %-9s generation %d  %s%s%s", e.time(), e.result(), e.generation(), e.source(), bundle,
                    e.reason().isEmpty() ? "" : "\n      " + e.reason());
        }
        return 0;
    }

    /** The families' status sections as a store without a server has them: nothing asked for, so every list empty. */
    private static Map<String, List<Map<String, Object>>> offlineSections(FerryConfig config, Store store, Generation current) {
        ServerContext none = new ServerContext(new LiveCatalog(store), config, new SimpleMeterRegistry());
        Map<String, List<Map<String, Object>>> sections = new LinkedHashMap<>();
        for (StatusSection s : FerryFamilies.all().statusSections(none)) sections.put(s.key(), s.entries(current));
        return sections;
    }
}
