package dev.ferry.spec;

import java.io.IOException;

/** An artifact that could not be fetched or did not verify: names the artifact, the URL and the reason. */
public final class ArtifactFailure extends IOException {
    public ArtifactFailure(String artifact, String url, String reason, Throwable cause) {
        super(artifact + ": " + url + ": " + reason, cause);
    }
}
