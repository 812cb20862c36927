package dev.ferry.spec;

/** A spec that cannot be used, with where: {@code spec.yaml line 12, key opensearch.plugins[0].versoin: unknown key}. */
public final class SpecException extends Exception {
    public SpecException(String message) {
        super(message);
    }
}
