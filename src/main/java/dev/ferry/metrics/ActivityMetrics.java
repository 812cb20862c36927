package dev.ferry.metrics;

import dev.ferry.status.Activity;
import dev.ferry.status.JournalFollower;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Imports, bundles and verification runs, read from the store's journal: what {@code ferry
 * import}, {@code ferry verify} and the background scrub did counts whichever process did it, and
 * the counters carry on across restarts. The last attempt and the last success are separate, so
 * an alert on successes is never silenced by attempts that fail. "Never" is exported as 0.
 */
final class ActivityMetrics {

    ActivityMetrics(MeterRegistry registry, JournalFollower journal) {
        for (String result : Activity.IMPORT_RESULTS) {
            FunctionCounter.builder("ferry.import.attempts", journal, j -> j.current().importAttempts().get(result))
                    .description("Import attempts recorded in the store's journal, by result "
                            + "(success = published, unchanged = content already served, failure = refused or failed)")
                    .tag("result", result).register(registry);
        }
        Gauge.builder("ferry.import.last.attempt.timestamp", journal, j -> FerryMetrics.epochSeconds(j.current().lastAttempt()))
                .baseUnit("seconds").description("When the newest import attempt ended, whatever its result, Unix seconds (NaN = never)")
                .register(registry);
        Gauge.builder("ferry.import.last.success.timestamp", journal, j -> FerryMetrics.epochSeconds(j.current().lastSuccess()))
                .baseUnit("seconds").description("When the newest import that did not fail ended, Unix seconds (NaN = never)")
                .register(registry);
        Gauge.builder("ferry.bundle.created.timestamp", journal, j -> {
                    Activity.Bundle b = j.current().newestBundle();
                    return FerryMetrics.epochSeconds(b == null ? null : b.created());
                }).baseUnit("seconds")
                .description("Creation time (from its signed manifest) of the newest bundle imported, Unix seconds (NaN = none)")
                .register(registry);
        FunctionCounter.builder("ferry.verify.runs", journal, j -> j.current().verification().runs())
                .description("Store verification runs (background scrub or ferry verify) recorded in the journal")
                .register(registry);
        FunctionCounter.builder("ferry.verify.failures", journal, j -> j.current().verification().problemsTotal())
                .description("Problems (damaged or missing blobs, unreadable generations) found by verification runs, "
                        + "summed over runs: damage still there is counted again by each run")
                .register(registry);
        Gauge.builder("ferry.verify.last.run.problems", journal, j -> j.current().verification().lastProblems())
                .description("Problems the newest verification run found (0 = the store was intact)").register(registry);
        Gauge.builder("ferry.verify.last.run.timestamp", journal, j -> FerryMetrics.epochSeconds(j.current().verification().lastRun()))
                .baseUnit("seconds").description("When the newest verification run ended, Unix seconds (NaN = never)")
                .register(registry);
    }
}
