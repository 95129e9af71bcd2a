package io.inventiv.pipeline.gate;

import java.util.List;
import java.util.stream.Collectors;

import io.inventiv.pipeline.Durations;

/** The human summary printed after a gate: one row per check, then the verdict. */
public final class SummaryTable {
    private SummaryTable() {
    }

    public static String render(List<CheckResult> results) {
        int width = Math.max("check".length(), results.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        StringBuilder b = new StringBuilder();
        String row = "%-" + width + "s  %-8s  %9s  %4s  %s";
        b.append(String.format(row, "check", "status", "duration", "exit", "note").stripTrailing()).append('\n');
        for (CheckResult r : results) {
            b.append(String.format(row, r.name(), r.status().json(), Durations.human(r.duration()),
                    r.exitCode() == null ? "-" : r.exitCode(), r.reason() == null ? "" : r.reason()).stripTrailing()).append('\n');
        }
        List<String> bad = results.stream().filter(r -> !r.passed()).map(CheckResult::name).toList();
        if (bad.isEmpty()) {
            b.append("gate passed: ").append(results.size()).append(" checks");
        } else {
            b.append("gate failed: ").append(bad.size()).append(" of ").append(results.size())
                    .append(" checks did not pass (").append(bad.stream().collect(Collectors.joining(", "))).append(')');
        }
        return b.toString();
    }
}
