package dev.ferry.cli;

import dev.ferry.store.Store;
import dev.ferry.store.StoreVerifier;
import dev.ferry.store.VerifyRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Re-hash every blob and check every generation's references; the outcome is journaled "
                + "(metrics ferry_verify_*). Exit 0 when clean, 1 when not.")
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Option(names = "--report-only", description = "Only report damaged blobs. By default they are moved aside at once "
            + "(quarantined: nothing serves them, the paths answer 503) until 'ferry repair --from BUNDLE' restores them.")
    boolean reportOnly;

    @Option(names = "--quarantine", hidden = true, description = "The default; kept for scripts that pass it.")
    boolean quarantine;

    @Override
    public Integer call() throws Exception {
        Store store = storeOptions.open(storeOptions.load());
        StoreVerifier.Report report;
        try (ProgressLine progress = new ProgressLine("verifying", -1)) {
            report = VerifyRuns.run(store, "ferry verify", progress, !reportOnly);
        }
        if (!reportOnly && !report.damagedBlobs().isEmpty()) {
            Text.err("quarantined " + report.damagedBlobs().size() + " damaged blobs (no longer served); "
                    + "restore them with: ferry repair --from BUNDLE|STORE|DIR");
        }
        if (output == OutputFormat.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("clean", report.clean());
            json.put("blobsChecked", report.blobsChecked());
            json.put("bytesChecked", report.bytesChecked());
            json.put("problems", report.problems());
            System.out.println(OutputFormat.toJson(json));
        } else {
            report.problems().forEach(p -> Text.line(p));
            Text.linef("%s: %d blobs (%s) checked, %d problems", report.clean() ? "clean" : "DAMAGED",
                    report.blobsChecked(), Sizes.bytes(report.bytesChecked()), report.problems().size());
        }
        return report.clean() ? 0 : 1;
    }
}
