package dev.ferry.core.oci;

import java.util.Set;
import java.util.regex.Pattern;

/** The manifest media types the registry understands, and the media type grammar it accepts. */
public final class OciMediaTypes {
    public static final String IMAGE_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String IMAGE_INDEX = "application/vnd.oci.image.index.v1+json";
    /** Draft image-spec 1.1 artifact manifest (dropped before 1.1.0, still produced by oras 1.0 and accepted by oras-go). */
    public static final String ARTIFACT_MANIFEST = "application/vnd.oci.artifact.manifest.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    public static final String EMPTY_JSON = "application/vnd.oci.empty.v1+json";

    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    public static final String TITLE = "org.opencontainers.image.title";

    private static final Set<String> INDEXES = Set.of(IMAGE_INDEX, DOCKER_MANIFEST_LIST);
    private static final Set<String> MANIFESTS = Set.of(IMAGE_MANIFEST, DOCKER_MANIFEST, ARTIFACT_MANIFEST);
    /** RFC 6838 type/subtype, no parameters: it is served verbatim as a Content-Type header. */
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");

    private OciMediaTypes() {
    }

    public static boolean isIndex(String mediaType) {
        return INDEXES.contains(mediaType);
    }

    /** An image or artifact manifest (something with blobs, not an index). */
    public static boolean isImageManifest(String mediaType) {
        return MANIFESTS.contains(mediaType);
    }

    /** Anything served from the manifests endpoint. */
    public static boolean isManifest(String mediaType) {
        return isIndex(mediaType) || isImageManifest(mediaType);
    }

    public static boolean isSchema1(String mediaType) {
        return DOCKER_SCHEMA1.equals(mediaType) || DOCKER_SCHEMA1_SIGNED.equals(mediaType);
    }

    public static boolean isValid(String mediaType) {
        return mediaType != null && MEDIA_TYPE.matcher(mediaType).matches();
    }
}
