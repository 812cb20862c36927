package dev.ferry.importer;

import dev.ferry.store.FileEntry;
import dev.ferry.core.RejectedException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The families that claim plain files; whatever none claims is a plain "file". */
public final class FileClassifiers {
    private static final List<FileClassifier> CLASSIFIERS = List.of(new dev.ferry.falco.DriverClassifier());

    private FileClassifiers() {
    }

    public static FileClassifier.Classification classify(String path, ImportOptions options) throws RejectedException {
        for (FileClassifier c : CLASSIFIERS) {
            Optional<FileClassifier.Classification> claimed = c.classify(path, options);
            if (claimed.isPresent()) return claimed.get();
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        return new FileClassifier.Classification(FileEntry.PLAIN_FAMILY, MediaTypes.forFileName(name), Map.of());
    }
}
