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

    @Option(names = "--quarantine", description = "Move damaged blobs aside so they are no longer served; "
            + "importing their content again restores them.")
    boolean quarantine;

    @Override
    public Integer call() throws Exception {
        Store store = storeOptions.open(storeOptions.load());
        StoreVerifier.Report report;
        try (ProgressLine progress = new ProgressLine("verifying", -1)) {
            report = VerifyRuns.run(store, "ferry verify", progress);
        }
        if (quarantine && !report.damagedBlobs().isEmpty()) {
            store.quarantine(report.damagedBlobs());
            Text.err("quarantined " + report.damagedBlobs().size() + " damaged blobs; re-import their content to restore them");
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
