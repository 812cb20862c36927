package dev.ferry.opensearch;

import java.util.Map;
import java.util.Optional;

/**
 * OpenSearch's release signing subkeys and the versions each signs: the installer of a 2.x
 * release expects C2EE2AF6542C03B4, that of 3.0 and later 4E9275EE6BA2427F. A plugin signed with
 * the other era's key would be refused by the matching installer, so Ferry refuses it too.
 */
final class ReleaseKeys {
    private static final OpenSearchVersion V3 = OpenSearchVersion.parse("3.0.0");
    private static final String PRE_3 = "C2EE2AF6542C03B4";
    private static final String FROM_3 = "4E9275EE6BA2427F";
    private static final Map<String, Boolean> SIGNS_3_AND_LATER = Map.of(PRE_3, false, FROM_3, true);

    private ReleaseKeys() {
    }

    /** Why {@code keyId} must not sign a plugin whose lowest OpenSearch version is {@code lowest}, if it must not. */
    static Optional<String> eraProblem(String keyId, OpenSearchVersion lowest) {
        Boolean signsNew = SIGNS_3_AND_LATER.get(keyId);
        if (signsNew == null) return Optional.empty();
        boolean pluginIsNew = lowest.compareTo(V3) >= 0;
        if (signsNew == pluginIsNew) return Optional.empty();
        return Optional.of(signsNew
                ? "signed with OpenSearch's release key for 3.0 and later (" + FROM_3 + "), but the plugin is for OpenSearch "
                        + lowest + "; releases before 3.0 are signed with " + PRE_3
                : "signed with OpenSearch's release key for versions before 3.0 (" + PRE_3 + "), but the plugin is for OpenSearch "
                        + lowest + "; 3.0 and later are signed with " + FROM_3);
    }
}
