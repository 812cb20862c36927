package dev.ferry.oci;

import dev.ferry.importer.InputFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import dev.ferry.importer.InputFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Cheap detection of a tar that holds an OCI layout: headers only, data skipped, a bounded number of entries. */
final class TarProbe {
    private static final int MAX_PROBED_ENTRIES = 10_000;

    private TarProbe() {
    }

    static boolean holdsLayout(Path file) {
        try (InputStream in = InputFiles.openRegular(file, file.toString())) {
            byte[] header = in.readNBytes(512);
            if (header.length < 512 || !new String(header, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar")) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(InputFiles.openRegular(file, file.toString()))) {
            TarArchiveEntry e;
            for (int i = 0; i < MAX_PROBED_ENTRIES && (e = tar.getNextEntry()) != null; i++) {
                String name = e.getName();
                while (name.startsWith("./")) name = name.substring(2);
                if (name.equals(OciLayout.LAYOUT_FILE)) return true;
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }
}
