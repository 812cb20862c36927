package dev.ferry.trivy;

import dev.ferry.core.RejectedException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Streams a Trivy DB layer (db.tar.gz: the database, then metadata.json, per the upstream
 * Makefiles) in constant memory. metadata.json is last, so the whole layer is read; what it
 * unpacks to and how many entries it has are bounded against decompression bombs.
 */
final class TrivyLayer {
    static final long MAX_METADATA_BYTES = 64 << 10;
    static final long MAX_UNPACKED_BYTES = 64L << 30;
    static final int MAX_ENTRIES = 1000;

    private TrivyLayer() {
    }

    /** @param in the layer as stored; read to its end so a verifying stream can check it */
    static TrivyMetadata read(InputStream in, TrivyDb db, String entry) throws IOException {
        byte[] metadata = null;
        boolean database = false;
        long unpacked = 0;
        int entries = 0;
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(nonClosing(in), true));
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName();
                while (name.startsWith("./")) name = name.substring(2);
                if (++entries > MAX_ENTRIES) throw new RejectedException(entry, "more than " + MAX_ENTRIES + " entries");
                if (name.startsWith("/") || name.equals("..") || name.startsWith("../") || name.contains("/../")) {
                    throw new RejectedException(entry, "entry '" + e.getName() + "' escapes the database directory");
                }
                if (e.isDirectory()) continue;
                if (e.isSymbolicLink() || e.isLink() || e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
                    throw new RejectedException(entry, "entry '" + e.getName() + "' is a link or device");
                }
                unpacked += e.getSize();
                if (unpacked > MAX_UNPACKED_BYTES) throw new RejectedException(entry, "unpacks to more than " + MAX_UNPACKED_BYTES + " bytes");
                if (name.equals(TrivyMetadata.FILE_NAME)) {
                    if (e.getSize() > MAX_METADATA_BYTES) throw new RejectedException(entry, "metadata.json is larger than " + MAX_METADATA_BYTES + " bytes");
                    metadata = tar.readNBytes((int) e.getSize());
                } else if (name.equals(db.databaseFile())) {
                    database = true;
                }
            }
        } catch (RejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new RejectedException(entry, "not a gzip'd tar: " + e.getMessage());
        }
        in.transferTo(OutputStream.nullOutputStream()); // the rest (tar padding) completes the digest check
        if (!database) throw new RejectedException(entry, "has no " + db.databaseFile());
        if (metadata == null) throw new RejectedException(entry, "has no " + TrivyMetadata.FILE_NAME);
        return TrivyMetadata.parse(metadata, entry + " " + TrivyMetadata.FILE_NAME);
    }

    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
    }
}
