package dev.ferry.spec;

import java.io.IOException;

/** An artifact that could not be fetched or did not verify: names the artifact, the URL and the reason. */
public final class ArtifactFailure extends IOException {
    public ArtifactFailure(String artifact, String url, String reason, Throwable cause) {
        super(artifact + ": " + url + ": " + reason, cause);
    }

    /** A download failure that names its URL and reason already, under the plan's name for the artifact. */
    static IOException of(String artifact, dev.ferry.fetch.FetchException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return m.startsWith(artifact + ":") ? e : new ArtifactFailure(artifact, m, e);
    }

    private ArtifactFailure(String artifact, String detail, Throwable cause) {
        super(artifact + ": " + detail, cause);
    }
}
