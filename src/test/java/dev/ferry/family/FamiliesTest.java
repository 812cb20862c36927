package dev.ferry.family;

import dev.ferry.app.FerryFamilies;
import dev.ferry.importer.FileClassifier;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.Importer;
import dev.ferry.importer.InputKind;
import dev.ferry.status.StatusSection;
import dev.ferry.store.FileEntry;
import dev.ferry.store.LiveCatalog;
import dev.ferry.store.Store;
import dev.ferry.testing.Trees;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A family added to the list is picked up by import and serving without any other change. */
class FamiliesTest {
    @TempDir
    Path tmp;

    /** A family that claims {@code charts/*.tgz}, as a Helm family would. */
    static final class ChartsFamily implements Family {
        @Override
        public String name() {
            return "helm";
        }

        @Override
        public List<FileClassifier> fileClassifiers() {
            return List.of((path, options) -> path.startsWith("charts/") && path.endsWith(".tgz")
                    ? Optional.of(new FileClassifier.Classification("helm", "application/gzip", Map.of("chart", "yes"), List.of()))
                    : Optional.empty());
        }

        @Override
        public List<StatusSection> statusSections(ServerContext server) {
            return List.of(new StatusSection() {
                @Override
                public String key() {
                    return "wantedCharts";
                }

                @Override
                public List<Map<String, Object>> entries(dev.ferry.store.Generation served) {
                    return List.of(Map.of("chart", "nginx"));
                }
            });
        }
    }

    @Test
    void aListedFamilyClassifiesTheFilesOfATreeOpenedThroughTheList() throws IOException {
        List<Family> list = new java.util.ArrayList<>(FerryFamilies.all().all());
        list.add(new ChartsFamily());
        Families families = new Families(list);
        Store store = Store.create(tmp.resolve("store"));
        Path tree = Trees.tree(tmp.resolve("tree"), Trees.files("charts/nginx-1.0.0.tgz", "chart", "notes.txt", "plain"));
        new Importer(store).run(families.inputKinds().open(tree, null, new ImportOptions()), n -> { });
        Map<String, FileEntry> files = store.current().files();
        assertEquals("helm", files.get("charts/nginx-1.0.0.tgz").family());
        assertEquals("application/gzip", files.get("charts/nginx-1.0.0.tgz").mediaType());
        assertEquals(FileEntry.PLAIN_FAMILY, files.get("notes.txt").family());

        // without the family, the same tree is plain files
        Store other = Store.create(tmp.resolve("other"));
        new Importer(other).run(FerryFamilies.all().inputKinds().open(tree, null, new ImportOptions()), n -> { });
        assertEquals(FileEntry.PLAIN_FAMILY, other.current().files().get("charts/nginx-1.0.0.tgz").family());
    }

    @Test
    void aBundleIsTriedFirstThenEachFamilysKindsInListOrder() {
        List<String> kinds = FerryFamilies.all().inputKinds().all().stream().map(InputKind::name).toList();
        List<String> expected = new java.util.ArrayList<>(List.of("bundle"));
        FerryFamilies.all().all().forEach(f -> f.inputKinds().forEach(k -> expected.add(k.name())));
        assertEquals(expected, kinds);
        assertEquals("bundle", kinds.get(0));
    }

    @Test
    void statusSectionsComeInFamilyOrderAndShareServerState() throws IOException {
        Store store = Store.create(tmp.resolve("store"));
        ServerContext server = new ServerContext(new LiveCatalog(store), dev.ferry.config.FerryConfig.defaults(), new SimpleMeterRegistry());
        List<Family> list = new java.util.ArrayList<>(FerryFamilies.all().all());
        list.add(new ChartsFamily());
        List<String> keys = new Families(list).statusSections(server).stream().map(StatusSection::key).toList();
        assertEquals(List.of("wantedImages", "wanted", "wantedCharts"), keys);
        Object first = server.shared(StringBuilder.class, StringBuilder::new);
        assertSame(first, server.shared(StringBuilder.class, StringBuilder::new));
        assertThrows(IllegalStateException.class, server::metrics, "the server metrics come after the status sections");
    }

    @Test
    void aFamilyListedTwiceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Families(List.of(new ChartsFamily(), new ChartsFamily())));
        assertEquals("family 'helm' is listed twice", e.getMessage());
    }
}
