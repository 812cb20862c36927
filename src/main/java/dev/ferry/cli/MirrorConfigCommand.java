package dev.ferry.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print (or write to --out) the client configuration that makes Ferry the mirror of each upstream: "
                + "containerd certs.d/<host>/hosts.toml files, Kubespray's containerd_registries_mirrors and "
                + "trivy-operator's trivy.registry.mirror Helm values.")
final class MirrorConfigCommand implements Callable<Integer> {
    static final String CA_FILE = "ferry-ca.crt";

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "Ferry's URL as cluster nodes reach it, e.g. https://ferry.example.internal:8443.")
    URI url;

    @Option(names = "--ca", paramLabel = "FILE", description = "The CA that signed Ferry's certificate (ca.crt of 'ferry tls init').")
    Path ca;

    @Option(names = "--upstreams", paramLabel = "HOST", split = ",",
            description = "Upstream registries Ferry stands in for (default: docker.io,registry.k8s.io,quay.io,ghcr.io,gcr.io).")
    List<String> upstreams = new ArrayList<>(MirrorClientConfig.DEFAULT_UPSTREAMS);

    @Option(names = "--out", paramLabel = "DIR", description = "Write certs.d/<host>/hosts.toml (with the CA beside each), "
            + "kubespray-containerd.yml and trivy-operator-values.yaml into DIR instead of printing them.")
    Path out;

    /** A block and a blank line; each line passes Text's escaping on its own. */
    private static void print(String block) {
        block.lines().forEach(Text::line);
        Text.line("");
    }

    @Override
    public Integer call() throws Exception {
        if (ca != null && !Files.isRegularFile(ca)) throw new IllegalArgumentException("--ca " + ca + ": no such file");
        MirrorClientConfig config = new MirrorClientConfig(url, ca == null ? null : CA_FILE, upstreams);
        if (out == null) {
            for (String u : config.upstreams()) print(config.hostsToml(u));
            print("# Kubespray group_vars (the CA goes to " + MirrorClientConfig.NODE_CERTS_DIR + "/<host>/" + CA_FILE + ")\n"
                    + config.kubespray());
            print("# trivy-operator Helm values\n" + config.trivyOperator());
            return 0;
        }
        for (String u : config.upstreams()) {
            Path dir = out.resolve("certs.d").resolve(u);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("hosts.toml"), config.hostsToml(u), StandardCharsets.UTF_8);
            if (ca != null) Files.copy(ca, dir.resolve(CA_FILE), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(out.resolve("kubespray-containerd.yml"), config.kubespray(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("trivy-operator-values.yaml"), config.trivyOperator(), StandardCharsets.UTF_8);
        Text.line("wrote " + out.resolve("certs.d") + " (" + config.upstreams().size() + " upstreams), "
                + out.resolve("kubespray-containerd.yml") + ", " + out.resolve("trivy-operator-values.yaml"));
        return 0;
    }
}
