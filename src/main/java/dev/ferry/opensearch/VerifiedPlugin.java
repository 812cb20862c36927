package dev.ferry.opensearch;

import dev.ferry.core.Digest;

import java.nio.file.Path;

/**
 * A plugin zip that passed every check, with what its catalog entries need.
 *
 * @param signature      the {@code .sig} bytes as imported, or null when unsigned
 * @param signatureKeyId the trusted (sub)key that made the signature, or null
 */
record VerifiedPlugin(Path zip, String fileName, long size, Digest sha256, String sha512, PluginDescriptor descriptor,
                      byte[] signature, String signatureKeyId) {
}
