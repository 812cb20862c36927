package dev.ferry.opensearch;

import dev.ferry.config.ConfigException;
import dev.ferry.config.SettingsSection;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.util.List;

/**
 * OpenSearch plugin trust and compatibility.
 *
 * @param trustedKeys      OpenPGP public key files a plugin's {@code .sig} may come from (besides the built-in key)
 * @param trustBuiltInKey  whether OpenSearch's pre-3.0 release key, shipped with Ferry, is trusted
 * @param requireSignature refuse plugin zips without a {@code .sig}
 * @param clusterVersion   the OpenSearch version the cluster runs ("" = unknown); plugins it would refuse are flagged
 */
public record OpenSearchSettings(@JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> trustedKeys,
                                 boolean trustBuiltInKey, boolean requireSignature, String clusterVersion) {

    public OpenSearchSettings {
        trustedKeys = trustedKeys == null ? List.of() : List.copyOf(trustedKeys);
        clusterVersion = clusterVersion == null ? "" : clusterVersion.trim();
    }

    /** The {@code opensearch:} section of the configuration file. */
    public static final SettingsSection<OpenSearchSettings> SECTION =
            new SettingsSection<>("opensearch", OpenSearchSettings.class, defaults(), OpenSearchSettings::validate);

    public static OpenSearchSettings defaults() {
        return new OpenSearchSettings(List.of(), true, false, "");
    }

    public void validate() {
        for (String key : trustedKeys) {
            if (key == null || key.isBlank()) throw new ConfigException("opensearch.trustedKeys must not contain empty entries");
        }
        if (!clusterVersion.isEmpty()) {
            try {
                OpenSearchVersion.parse(clusterVersion);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("opensearch.clusterVersion: " + e.getMessage());
            }
        }
    }
}
