package dev.ferry.falco;

import dev.ferry.store.FileEntry;
import dev.ferry.store.Generation;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What a generation serves of the Falco family: driver coverage and falcoctl indexes. */
public final class FalcoCatalog {
    private FalcoCatalog() {
    }

    /** Drivers served for one driver version, architecture and kind. */
    public record Coverage(String driverVersion, String arch, String kind, int drivers) {
    }

    /** A published falcoctl index: its path and how many entries it has. */
    public record PublishedIndex(String path, int entries) {
    }

    /**
     * Distinct drivers (a driver published at both layouts counts once) by version, arch and kind;
     * files accepted with {@code --allow-unparsed} have no kind and are not counted.
     */
    public static List<Coverage> coverage(Generation g) {
        Map<List<String>, Set<String>> files = new TreeMap<>((a, b) -> String.join("\n", a).compareTo(String.join("\n", b)));
        for (Map.Entry<String, FileEntry> e : g.files().entrySet()) {
            Map<String, String> m = e.getValue().metadata();
            if (!DriverClassifier.FAMILY.equals(e.getValue().family()) || !m.containsKey("kernelRelease")) continue;
            String name = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
            files.computeIfAbsent(List.of(m.get("driverVersion"), m.get("arch"), m.get("kind")), k -> new HashSet<>()).add(name);
        }
        return files.entrySet().stream().map(e -> new Coverage(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2), e.getValue().size())).toList();
    }

    public static List<PublishedIndex> indexes(Generation g) {
        return g.files().entrySet().stream().filter(e -> isIndex(e.getValue()))
                .map(e -> new PublishedIndex(e.getKey(), Integer.parseInt(e.getValue().metadata().getOrDefault("entries", "0")))).toList();
    }

    public static boolean isIndex(FileEntry f) {
        return DriverClassifier.FAMILY.equals(f.family()) && IndexInput.KIND.equals(f.metadata().get("kind"));
    }
}
