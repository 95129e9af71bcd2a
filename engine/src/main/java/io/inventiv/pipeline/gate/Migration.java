package io.inventiv.pipeline.gate;

import java.util.Optional;

/**
 * One sqlx migration file, named {@code <VERSION>_<DESCRIPTION>.sql} or, for a reversible one,
 * {@code .up.sql} / {@code .down.sql}. sqlx applies them in version order and records each
 * version with a checksum, which is why a deployed one must never change.
 */
public record Migration(String fileName, long version, String description, Kind kind) {

    public enum Kind { SIMPLE, UP, DOWN }

    /** Whether sqlx would treat the file as a migration at all: it skips names without '_' or '.sql'. */
    public static boolean looksLikeMigration(String fileName) {
        return fileName.endsWith(".sql") && fileName.indexOf('_') > 0;
    }

    /** Parses a migration file name; empty when its version prefix is not an integer (sqlx refuses those). */
    public static Optional<Migration> parse(String fileName) {
        if (!looksLikeMigration(fileName)) {
            return Optional.empty();
        }
        int underscore = fileName.indexOf('_');
        long version;
        try {
            version = Long.parseLong(fileName.substring(0, underscore));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String rest = fileName.substring(underscore + 1);
        Kind kind = rest.endsWith(".up.sql") ? Kind.UP : rest.endsWith(".down.sql") ? Kind.DOWN : Kind.SIMPLE;
        String suffix = switch (kind) {
            case UP -> ".up.sql";
            case DOWN -> ".down.sql";
            case SIMPLE -> ".sql";
        };
        return Optional.of(new Migration(fileName, version, rest.substring(0, rest.length() - suffix.length()), kind));
    }
}
