package dev.ferry.cli;

import dev.ferry.tls.LocalCa;
import dev.ferry.tls.PkiDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create a local CA (ca.crt, ca.key) and a server certificate (server.crt, server.key) for the "
                + "given names, plus truststore.p12 for JVM clients; prints how to hand the CA to each client.")
final class TlsInitCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the files (created if needed).")
    Path out;

    @Option(names = "--dns", paramLabel = "NAME", description = "DNS name clients use for the server (repeatable), "
            + "e.g. ferry.ferry.svc.cluster.local.")
    List<String> dns = new ArrayList<>();

    @Option(names = "--ip", paramLabel = "IP", description = "IP address clients use for the server (repeatable).")
    List<String> ips = new ArrayList<>();

    @Option(names = "--ca-name", paramLabel = "CN", defaultValue = "Ferry local CA", description = "Common name of the CA (default: ${DEFAULT-VALUE}).")
    String caName;

    @Option(names = "--ca-days", paramLabel = "N", defaultValue = "3650", description = "CA validity in days (default: ${DEFAULT-VALUE}).")
    int caDays;

    @Option(names = "--days", paramLabel = "N", defaultValue = "397", description = "Server certificate validity in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--force", description = "Replace an existing CA in DIR (every client then needs the new ca.crt).")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (dns.isEmpty() && ips.isEmpty()) throw new IllegalArgumentException("give at least one --dns NAME or --ip IP");
        if (caDays < 1 || days < 1) throw new IllegalArgumentException("validity must be at least one day");
        PkiDirectory pki = new PkiDirectory(out);
        LocalCa.Issued server = pki.init(caName, TlsNames.dns(dns), TlsNames.ips(ips), Duration.ofDays(caDays),
                Duration.ofDays(days), force);
        System.out.print(TlsInstructions.afterInit(pki, server.certificate()));
        return 0;
    }
}
