package dev.ferry.opensearch;

import dev.ferry.importer.ImportInput;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.ImportSink;
import dev.ferry.importer.InputFiles;
import dev.ferry.store.CatalogPath;
import dev.ferry.core.Digest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One OpenSearch plugin zip, or a directory of them, every one verified completely when opened
 * (see {@link PluginVerifier}); staging then only copies what was verified, handing the sink the
 * SHA-256 measured during verification so a zip changed since is refused.
 */
public final class PluginInput implements ImportInput {
    public static final String FAMILY = "opensearch";
    static final String ZIP_MEDIA_TYPE = "application/zip";
    static final String SHA512_MEDIA_TYPE = "text/plain; charset=utf-8";
    static final String SIG_MEDIA_TYPE = "application/pgp-signature";

    private final Path source;
    private final ImportOptions options;
    private final List<VerifiedPlugin> plugins;

    private PluginInput(Path source, ImportOptions options, List<VerifiedPlugin> plugins) {
        this.source = source;
        this.options = options;
        this.plugins = plugins;
    }

    public static PluginInput open(Path path, ImportOptions options) throws IOException {
        PluginImportSettings settings = options.setting(PluginImportSettings.class).orElseGet(PluginImportSettings::defaults);
        List<PluginFiles> found = PluginFiles.find(path);
        TrustedKeys trust = settings.trust();
        List<VerifiedPlugin> plugins = new ArrayList<>();
        for (PluginFiles files : found) plugins.add(PluginVerifier.verify(files, settings, trust));
        for (VerifiedPlugin p : plugins) { // validates the paths before anything is staged
            PluginLayout.zipPaths(options.prefix(), p.descriptor().name(), p.descriptor().version());
        }
        return new PluginInput(path.toAbsolutePath().normalize(), options, List.copyOf(plugins));
    }

    /** A plugin already verified (on fetch), so the bundle takes it without verifying it again. */
    static PluginInput of(VerifiedPlugin plugin, ImportOptions options) throws IOException {
        PluginLayout.zipPaths(options.prefix(), plugin.descriptor().name(), plugin.descriptor().version());
        return new PluginInput(plugin.zip(), options, List.of(plugin));
    }

    @Override
    public String describe() {
        if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) return "OpenSearch plugin " + source;
        return "OpenSearch plugin directory " + source + " (" + plugins.size() + (plugins.size() == 1 ? " plugin)" : " plugins)");
    }

    @Override
    public void stage(ImportSink sink) throws IOException {
        if (options.replace()) sink.removeUnder(options.prefix());
        for (VerifiedPlugin p : plugins) stage(sink, p);
    }

    private void stage(ImportSink sink, VerifiedPlugin p) throws IOException {
        PluginDescriptor d = p.descriptor();
        Digest zip = sink.putBlob(p.fileName(), () -> InputFiles.openRegular(p.zip(), p.fileName()), p.sha256(), p.size());
        byte[] sidecar = Sha512File.format(p.sha512(), p.fileName());
        Digest sidecarDigest = putBytes(sink, p.fileName() + Sha512File.SUFFIX, sidecar);
        Digest sigDigest = p.signature() == null ? null : putBytes(sink, p.fileName() + PluginSignature.SUFFIX, p.signature());

        Map<String, String> named = Map.of("name", d.name(), "version", d.version());
        for (CatalogPath path : PluginLayout.zipPaths(options.prefix(), d.name(), d.version())) {
            sink.putFile(path, zip, p.size(), ZIP_MEDIA_TYPE, FAMILY, metadata(p));
            sink.putFile(PluginLayout.sibling(path, Sha512File.SUFFIX), sidecarDigest, sidecar.length, SHA512_MEDIA_TYPE, FAMILY, named);
            CatalogPath sig = PluginLayout.sibling(path, PluginSignature.SUFFIX);
            if (sigDigest == null) {
                sink.removeFile(sig); // a signature published earlier would not match this zip
            } else {
                Map<String, String> signed = new HashMap<>(named);
                signed.put("signatureKeyId", p.signatureKeyId());
                sink.putFile(sig, sigDigest, p.signature().length, SIG_MEDIA_TYPE, FAMILY, signed);
            }
        }
    }

    private static Digest putBytes(ImportSink sink, String entry, byte[] bytes) throws IOException {
        return sink.putBlob(entry, () -> new ByteArrayInputStream(bytes), Digest.ofBytes(bytes), bytes.length);
    }

    /** The zip entry's metadata; the keys are shared with the HTTP layer and status (see artifacts-layout/opensearch-plugins.md). */
    static Map<String, String> metadata(VerifiedPlugin p) {
        PluginDescriptor d = p.descriptor();
        Map<String, String> m = new HashMap<>();
        m.put("name", d.name());
        m.put("version", d.version());
        if (d.range().exact()) m.put("opensearchVersion", d.range().lower().toString());
        else m.put("opensearchRange", d.range().text());
        m.put("javaVersion", d.javaVersion());
        m.put("sha512", p.sha512());
        if (p.signatureKeyId() != null) m.put("signatureKeyId", p.signatureKeyId());
        return m;
    }
}
