package dev.ferry.cli;

import dev.ferry.bundle.BundleImportSettings;
import dev.ferry.bundle.BundleImporter;
import dev.ferry.config.FerryConfig;
import dev.ferry.http.UploadImporter;
import dev.ferry.pgp.TrustedKeys;
import dev.ferry.http.FerryServer;
import dev.ferry.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the store's current generation over HTTP and/or HTTPS (files, /metrics, /healthz, /readyz); "
                + "newly published generations and renewed certificates are picked up without restart.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to listen on (config server.host; default 0.0.0.0).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (config server.port; default 8080).")
    Integer port;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "PEM certificate chain, server certificate first (config tls.cert); enables HTTPS.")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PKCS#8 PEM private key of --tls-cert (config tls.key).")
    String tlsKey;

    @Option(names = "--tls-port", paramLabel = "PORT", description = "Port of the HTTPS listener (config tls.port; default 8443).")
    Integer tlsPort;

    @Option(names = "--public-url", paramLabel = "URL",
            description = "How clients reach this server, [http[s]://]host[:port] (config server.publicUrl); named in served falcoctl indexes.")
    String publicUrl;

    @Option(names = "--no-http", description = "No plain-HTTP listener, HTTPS only (config server.http: false).")
    boolean noHttp;

    @Option(names = "--trust", paramLabel = "DIR",
            description = "Trusted bundle-signing keys for uploads to POST /api/v1/imports (config bundles.trust); read at each upload.")
    String trust;

    @Option(names = "--print-config", description = "Print the effective configuration as YAML and exit.")
    boolean printConfig;

    @Option(names = "--allow-empty", description = "Serve a store that holds nothing yet (by default refused: every client would get 404).")
    boolean allowEmpty;

    /**
     * Uploads are bundles, judged like `ferry import BUNDLE` without the --allow-* exceptions. The trust
     * directory is read for each upload, so a key added to or removed from it applies without a restart.
     */
    private static UploadImporter uploads(FerryConfig config, Store store) {
        return (in, source, progress) -> {
            String dir = config.bundles().trust();
            TrustedKeys keys = dir.isEmpty() ? TrustedKeys.none() : TrustedKeys.load(Path.of(dir));
            return new BundleImporter(store, BundleImportSettings.trusting(keys).options()).importStream(in, source, progress);
        };
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new HashMap<>();
        if (host != null) flags.put("server.host", host);
        if (port != null) flags.put("server.port", port.toString());
        if (tlsCert != null) flags.put("tls.cert", tlsCert);
        if (tlsKey != null) flags.put("tls.key", tlsKey);
        if (tlsPort != null) flags.put("tls.port", tlsPort.toString());
        if (noHttp) flags.put("server.http", "false");
        if (publicUrl != null) flags.put("server.publicUrl", publicUrl);
        if (trust != null) flags.put("bundles.trust", trust);
        FerryConfig config = storeOptions.load(flags);
        if (printConfig) {
            System.out.print(dev.ferry.config.ConfigLoader.toYaml(config));
            return 0;
        }
        Store store = storeOptions.open(config);
        if (!allowEmpty && store.current().isEmpty()) {
            throw new IllegalArgumentException("store " + store.location() + " holds nothing to serve (generation "
                    + store.current().number() + " is empty): Falco, Trivy and OpenSearch would get 404 for everything. "
                    + "Import content first, or pass --allow-empty");
        }
        FerryServer server = dev.ferry.app.FerryApp.serve(config, store, uploads(config, store));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "ferry-shutdown"));
        List<String> urls = new ArrayList<>();
        if (server.port() >= 0) urls.add("http://" + config.server().host() + ":" + server.port() + "/");
        if (server.httpsPort() >= 0) {
            String host = config.tls().host().isBlank() ? config.server().host() : config.tls().host();
            urls.add("https://" + host + ":" + server.httpsPort() + "/");
        }
        Text.errf("ferry: serving %s generation %d on %s", store.location(),
                server.catalog().current().number(), String.join(" and ", urls));
        stopped.await();
        return 0;
    }
}
