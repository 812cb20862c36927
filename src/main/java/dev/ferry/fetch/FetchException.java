package dev.ferry.fetch;

import java.io.IOException;
import java.net.URI;

/** A download that failed for good: names the artifact, the URL and why. */
public class FetchException extends IOException {
    private final String artifact;
    private final URI url;
    private final String reason;
    private final int status;

    public FetchException(String artifact, URI url, String reason) {
        this(artifact, url, reason, 0, null);
    }

    public FetchException(String artifact, URI url, String reason, int status, Throwable cause) {
        super(artifact + ": " + url + ": " + reason, cause);
        this.artifact = artifact;
        this.url = url;
        this.reason = reason;
        this.status = status;
    }

    public String artifact() {
        return artifact;
    }

    public URI url() {
        return url;
    }

    public String reason() {
        return reason;
    }

    /** The HTTP status that ended the download, or 0 when it was not an HTTP answer. */
    public int status() {
        return status;
    }
}
