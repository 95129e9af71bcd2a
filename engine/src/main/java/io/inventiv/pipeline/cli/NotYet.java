package io.inventiv.pipeline.cli;

import io.inventiv.pipeline.EngineException;

/** Placeholder failure for a command whose issue has not landed yet (exit 1, says which issue). */
final class NotYet {
    private NotYet() {
    }

    static EngineException command(String name, int issue) {
        return new EngineException(name + " is not implemented yet (issue #" + issue + ")");
    }
}
