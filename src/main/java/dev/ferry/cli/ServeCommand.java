package dev.ferry.cli;

import dev.ferry.config.FerryConfig;
import dev.ferry.http.FerryServer;
import dev.ferry.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the store's current generation over HTTP (files, /metrics, /healthz, /readyz); "
                + "newly published generations are picked up without restart.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to listen on (config server.host; default 0.0.0.0).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (config server.port; default 8080).")
    Integer port;

    @Option(names = "--print-config", description = "Print the effective configuration as YAML and exit.")
    boolean printConfig;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new HashMap<>();
        if (host != null) flags.put("server.host", host);
        if (port != null) flags.put("server.port", port.toString());
        FerryConfig config = storeOptions.load(flags);
        if (printConfig) {
            System.out.print(dev.ferry.config.ConfigLoader.toYaml(config));
            return 0;
        }
        Store store = storeOptions.open(config);
        FerryServer server = FerryServer.start(config, store);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "ferry-shutdown"));
        System.err.printf("ferry: serving %s generation %d on http://%s:%d/%n", store.root(),
                server.catalog().current().number(), config.server().host(), server.port());
        stopped.await();
        return 0;
    }
}
