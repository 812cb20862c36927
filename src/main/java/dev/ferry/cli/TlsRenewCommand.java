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

@Command(name = "renew", mixinStandardHelpOptions = true,
        description = "Issue a new server key and certificate from the CA in DIR (same names unless --dns/--ip are given). "
                + "Clients keep trusting the same ca.crt; a running `ferry serve` picks the new files up by itself.")
final class TlsRenewCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory written by 'ferry tls init'.")
    Path dir;

    @Option(names = "--dns", paramLabel = "NAME", description = "DNS names (repeatable); replaces the previous names.")
    List<String> dns = new ArrayList<>();

    @Option(names = "--ip", paramLabel = "IP", description = "IP addresses (repeatable); replaces the previous names.")
    List<String> ips = new ArrayList<>();

    @Option(names = "--days", paramLabel = "N", defaultValue = "397", description = "Validity in days (default: ${DEFAULT-VALUE}; never past the CA's).")
    int days;

    @Override
    public Integer call() throws Exception {
        if (days < 1) throw new IllegalArgumentException("validity must be at least one day");
        PkiDirectory pki = new PkiDirectory(dir);
        LocalCa.Issued server = pki.renew(TlsNames.dns(dns), TlsNames.ips(ips), Duration.ofDays(days));
        Text.linef("renewed %s (%s) valid until %s", pki.file(PkiDirectory.SERVER_CERT),
                TlsInstructions.names(server.certificate()), server.certificate().getNotAfter().toInstant());
        Text.line("A running 'ferry serve' with these files switches within tls.reloadInterval; in Kubernetes update the Secret:");
        Text.linef("  kubectl -n ferry create secret tls ferry-tls --cert=%s --key=%s --dry-run=client -o yaml | kubectl apply -f -",
                pki.file(PkiDirectory.SERVER_CERT), pki.file(PkiDirectory.SERVER_KEY));
        return 0;
    }
}
