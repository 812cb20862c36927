package dev.ferry.trivy;

/** Where Trivy pulls its databases from by default (and where Ferry publishes them unless told otherwise). */
public final class TrivyUpstream {
    public static final String DB = "ghcr.io/aquasecurity/trivy-db:2";
    public static final String JAVA_DB = "ghcr.io/aquasecurity/trivy-java-db:1";

    private TrivyUpstream() {
    }
}
