package dev.ferry.cli;

import dev.ferry.bundle.BundleFormat;
import dev.ferry.bundle.BundleManifest;
import dev.ferry.bundle.BundleReader;
import dev.ferry.bundle.BundleSource;
import dev.ferry.bundle.SplitBundle;
import dev.ferry.pgp.SignerIdentity;
import dev.ferry.pgp.TrustedKeys;
import dev.ferry.core.Digest;
import dev.ferry.core.RejectedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show what a bundle says it is (manifest summary, signer, sizes) from its first entries only: no payload is read. "
                + "Nothing shown is trusted unless --trust verified the signature; 'ferry bundle verify' checks everything.")
final class BundleInspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Bundle file, its first part or its .parts.json index.")
    Path file;

    @Option(names = "--trust", paramLabel = "DIR", description = "Also verify the manifest's signature against these keys.")
    Path trust;

    @Option(names = "--files", description = "List every file and repository the bundle publishes.")
    boolean listFiles;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Override
    public Integer call() throws Exception {
        BundleReader.Header header;
        BundleFormat.Compression compression;
        try (InputStream in = BundleSource.of(file).open(); BundleReader reader = BundleReader.open(in, file.toString())) {
            compression = reader.compression();
            header = reader.readHeader();
        }
        BundleManifest m = BundleManifest.parse(header.manifest());
        String signature;
        if (!header.signed()) {
            signature = "none (unsigned bundle)";
        } else if (trust == null) {
            signature = "NOT VERIFIED (no --trust): " + TrustedKeys.describeUnverified(header.signature());
        } else {
            try {
                SignerIdentity who = TrustedKeys.load(trust).verify(BundleFormat.SIGNATURE, header.manifest(), header.signature(), Instant.now());
                signature = "verified: " + who.fingerprint() + (who.userId().isEmpty() ? "" : " (" + who.userId() + ")") + ", made " + who.signedAt();
            } catch (RejectedException e) {
                signature = "REFUSED: " + e.reason();
            }
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("file", file.toString());
        info.put("size", sizeOnDisk());
        info.put("compression", compression.name().toLowerCase(java.util.Locale.ROOT));
        info.put("format", m.format());
        info.put("id", m.id());
        info.put("channel", m.channel());
        info.put("created", m.created());
        info.put("expires", m.expires());
        info.put("creator", m.creator());
        info.put("base", m.base());
        info.put("manifestSha256", Digest.ofBytes(header.manifest()).hex());
        info.put("signature", signature);
        info.put("files", m.files().size());
        info.put("repositories", m.repositories().size());
        info.put("blobs", m.blobs().size());
        info.put("payloadBytes", m.payloadBytes());
        info.put("replace", m.replace());
        if (output == OutputFormat.json) {
            if (!m.provenance().isEmpty()) info.put("provenance", m.provenance());
            if (listFiles) {
                info.put("fileList", m.files());
                info.put("repositoryList", m.repositories());
            }
            System.out.println(OutputFormat.toJson(info));
            return 0;
        }
        info.forEach((k, v) -> {
            if (v != null && !(v instanceof java.util.Collection<?> c && c.isEmpty())) Text.linef("%-15s %s", k + ":", v);
        });
        Text.linef("%-15s %s", "payload:", Sizes.bytes(m.payloadBytes()));
        if (!m.provenance().isEmpty()) Text.linef("%-15s %d artifacts fetched from upstreams", "provenance:", m.provenance().size());
        m.provenance().forEach(p -> {
            Text.linef("  %s  (%s)", p.artifact(), String.join(", ", p.verified()));
            Text.linef("    from %s  %s  fetched %s", p.upstream(), p.digest(), p.fetched());
            Text.linef("    to   %s", String.join(", ", p.published()));
        });
        if (listFiles) {
            m.files().forEach((path, f) -> Text.linef("  %s  %10d  %s", f.digest().hex().substring(0, 12), f.size(), path));
            m.repositories().forEach((name, r) -> Text.linef("  repository %s  tags %s", name, r.tags().keySet()));
        }
        return 0;
    }

    private long sizeOnDisk() throws java.io.IOException {
        var index = SplitBundle.indexFor(file);
        if (index.isPresent()) return SplitBundle.readIndex(index.get()).size();
        return Files.size(file);
    }
}
