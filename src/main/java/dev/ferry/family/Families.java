package dev.ferry.family;

import dev.ferry.bundle.BundleInput;
import dev.ferry.config.SettingsSection;
import dev.ferry.importer.FileClassifiers;
import dev.ferry.importer.FreshnessRule;
import dev.ferry.importer.InputKind;
import dev.ferry.importer.InputKinds;
import dev.ferry.importer.ManifestClassifiers;
import dev.ferry.serving.CatalogRoute;
import dev.ferry.serving.Endpoint;
import dev.ferry.status.StatusSection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The families Ferry runs with, in order, and what they contribute taken together. */
public final class Families {
    private final List<Family> families;
    private final InputKinds inputKinds;

    public Families(List<Family> families) {
        this.families = List.copyOf(families);
        Set<String> names = new HashSet<>();
        for (Family f : this.families) {
            if (!names.add(f.name())) throw new IllegalArgumentException("family '" + f.name() + "' is listed twice");
        }
        List<InputKind> kinds = new ArrayList<>();
        kinds.add(new BundleInput.Kind()); // a bundle carries any family's content, so it is tried first
        this.families.forEach(f -> kinds.addAll(f.inputKinds()));
        this.inputKinds = new InputKinds(kinds,
                new FileClassifiers(this.families.stream().flatMap(f -> f.fileClassifiers().stream()).toList()),
                new ManifestClassifiers(this.families.stream().flatMap(f -> f.manifestClassifiers().stream()).toList()));
    }

    public List<Family> all() {
        return families;
    }

    /** Every input kind (a bundle, then each family's), opening inputs with every family's classifiers. */
    public InputKinds inputKinds() {
        return inputKinds;
    }

    public List<FreshnessRule> freshnessRules() {
        return families.stream().flatMap(f -> f.freshnessRules().stream()).toList();
    }

    public List<SettingsSection<?>> settingsSections() {
        return families.stream().map(Family::settings).flatMap(Optional::stream).toList();
    }

    /** Registers every family's meters for one server. */
    public void meters(ServerContext server) {
        families.forEach(f -> f.meters(server));
    }

    /** Every family's status sections, in family order. */
    public List<StatusSection> statusSections(ServerContext server) {
        return families.stream().flatMap(f -> f.statusSections(server).stream()).toList();
    }

    /** Every family's route groups, in family order. */
    public List<Endpoint> endpoints(ServerContext server) {
        return families.stream().flatMap(f -> f.endpoints(server).stream()).toList();
    }

    /** Every family's catalog routes, in family order. */
    public List<CatalogRoute> catalogRoutes(ServerContext server) {
        return families.stream().flatMap(f -> f.catalogRoutes(server).stream()).toList();
    }
}
