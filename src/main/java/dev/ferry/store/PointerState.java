package dev.ferry.store;

import java.util.OptionalLong;

/**
 * The current pointer as a writer found it when it began.
 *
 * @param generation the generation it names, empty for a store that never published
 * @param version    the backend's version of the pointer (0 where one writer excludes all others)
 */
public record PointerState(OptionalLong generation, long version) {
}
