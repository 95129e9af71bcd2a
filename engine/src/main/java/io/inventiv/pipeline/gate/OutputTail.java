package io.inventiv.pipeline.gate;

import java.util.ArrayDeque;
import java.util.List;

/** The last lines a check printed, stdout and stderr interleaved in arrival order. */
final class OutputTail {
    private static final int MAX_LINE = 2000;

    private final int capacity;
    private final ArrayDeque<String> lines = new ArrayDeque<>();

    OutputTail(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + " …" : line);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
