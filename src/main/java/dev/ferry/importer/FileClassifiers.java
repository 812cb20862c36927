package dev.ferry.importer;

import dev.ferry.core.RejectedException;
import dev.ferry.store.FileEntry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The families' claims on plain files, in order; whatever none claims is a plain "file". */
public final class FileClassifiers {
    public static final FileClassifiers NONE = new FileClassifiers(List.of());

    private final List<FileClassifier> classifiers;

    public FileClassifiers(List<FileClassifier> classifiers) {
        this.classifiers = List.copyOf(classifiers);
    }

    /** The classifiers an input was opened with (see {@link InputKinds#open}); none when it was opened directly. */
    public static FileClassifiers of(ImportOptions options) {
        return options.setting(FileClassifiers.class).orElse(NONE);
    }

    public FileClassifier.Classification classify(String path, ImportOptions options) throws RejectedException {
        for (FileClassifier c : classifiers) {
            Optional<FileClassifier.Classification> claimed = c.classify(path, options);
            if (claimed.isPresent()) return claimed.get();
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        return new FileClassifier.Classification(FileEntry.PLAIN_FAMILY, MediaTypes.forFileName(name), Map.of());
    }
}
