package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "wanted", mixinStandardHelpOptions = true,
        description = "List the Falco drivers a running server was asked for and does not have, as the paths a driver tree "
                + "for the next bundle holds them at (driver/<version>/<arch>/<file>); with --output images, the container "
                + "images its registry was asked for, as an images list.")
final class WantedCommand implements Callable<Integer> {
    enum Format { paths, urls, table, json, spec, images }

    @Option(names = "--server", required = true, paramLabel = "URL", description = "The Ferry server, e.g. http://ferry.internal:8080.")
    URI server;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "paths",
            description = "paths (one tree path a line), urls (upstream download URLs), table, json, spec (a ferry.spec.v1 "
                    + "file for 'bundle create --spec' or a spec's kernelsFrom), or images (the container images asked for, "
                    + "as an images list: one reference a line).")
    Format output;

    @Option(names = "--upstream", paramLabel = "URL", defaultValue = "https://download.falco.org",
            description = "Base of the upstream driver store for --output urls (default ${DEFAULT-VALUE}).")
    String upstream;

    @Option(names = "--cacert", paramLabel = "FILE", description = "With an https --server: the CA to trust (ca.crt of 'ferry tls init').")
    Path cacert;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "A file holding a token with the read scope, for a server that protects reads (admin.protectReads).")
    Path tokenFile;

    @Override
    public Integer call() throws Exception {
        JsonNode body = WantedClient.fetch(server, cacert, tokenFile);
        if (output == Format.json) {
            System.out.println(OutputFormat.toJson(body));
            return 0;
        }
        if (output == Format.images) {
            // the images list format: full references, so that no implicit docker.io or library/ is guessed again
            Text.line("# images clients asked " + server + " for and did not get");
            for (JsonNode w : body.path("images").path("wanted")) Text.line(w.path("reference").asText());
            return 0;
        }
        JsonNode wanted = body.path("wanted");
        if (output == Format.spec) {
            java.util.List<dev.ferry.spec.WantedSpec.Driver> drivers = new java.util.ArrayList<>();
            for (JsonNode w : wanted) {
                drivers.add(new dev.ferry.spec.WantedSpec.Driver(w.path("driverVersion").asText(), w.path("arch").asText(),
                        w.path("kind").asText(), w.path("target").asText(), w.path("kernelRelease").asText(), w.path("kernelVersion").asText()));
            }
            java.util.List<String> images = new java.util.ArrayList<>();
            for (JsonNode w : body.path("images").path("wanted")) images.add(w.path("reference").asText());
            System.out.print(dev.ferry.spec.WantedSpec.yaml(drivers, images));
            return 0;
        }
        if (output == Format.table) {
            Text.linef("%-8s %-20s %-20s %s", "REQUESTS", "LAST SEEN", "TARGET", "PATH");
        }
        for (JsonNode w : wanted) {
            String path = w.path("path").asText();
            switch (output) {
                case paths -> Text.line(path);
                // '+' is escaped everywhere, as the old driver loader did: S3 reads a raw '+' as a space
                case urls -> Text.line(upstream.replaceAll("/+$", "") + "/" + path.replace("+", "%2B"));
                case table -> Text.linef("%-8d %-20s %-20s %s", w.path("requests").asLong(),
                        seconds(w.path("lastSeen").asText()), w.path("target").asText(), path);
                default -> throw new IllegalStateException();
            }
        }
        if (output == Format.table && body.path("evicted").asLong() > 0) {
            Text.linef("(%d older entries were dropped to stay within %d)", body.path("evicted").asLong(), body.path("capacity").asLong());
        }
        return 0;
    }

    private static String seconds(String instant) {
        try {
            return java.time.Instant.parse(instant).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        } catch (java.time.format.DateTimeParseException e) {
            return instant;
        }
    }
}
