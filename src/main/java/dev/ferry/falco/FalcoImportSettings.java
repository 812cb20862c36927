package dev.ferry.falco;

/**
 * How Falco inputs are checked; carried in {@code ImportOptions}. Without it, a file under
 * {@code driver/} whose path or name does not parse refuses the import.
 *
 * @param allowUnparsed publish such files anyway ({@code --allow-unparsed}): at their path, and at
 *                      the repository-root path too when the path has the layout's shape, with
 *                      whatever metadata the path gives
 */
public record FalcoImportSettings(boolean allowUnparsed) {
    public static FalcoImportSettings defaults() {
        return new FalcoImportSettings(false);
    }
}
