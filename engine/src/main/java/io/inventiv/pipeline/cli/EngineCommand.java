package io.inventiv.pipeline.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Option;

/**
 * Base of every engine command: parse options (picocli), call the engine, print the result.
 * With {@code --json} the result is one JSON object on stdout and human text goes to stderr;
 * without it the human text goes to stdout.
 */
public abstract class EngineCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print one JSON object on stdout (human text goes to stderr).")
    boolean json;

    /** Does the work and returns the result object (serialised as the command's JSON). */
    protected abstract Object execute() throws Exception;

    /** Human-readable rendering of the result; defaults to the JSON text. */
    protected String render(Object result) {
        return Json.write(result);
    }

    /** Exit code for a result that was produced but reports a failure (e.g. a failed check). */
    protected int exitCode(Object result) {
        return 0;
    }

    /**
     * True for commands whose human report is the build log's record of what was checked: with
     * {@code --json} it then also goes to stderr, so stdout stays one JSON object (docs/cli.md).
     */
    protected boolean reportAlsoWithJson() {
        return false;
    }

    /** Where progress lines go: stderr, so stdout stays machine-readable. */
    protected static PrintStream progress() {
        return System.err;
    }

    public boolean jsonOutput() {
        return json;
    }

    /**
     * The one line a failed result's JSON carries as {@code error}: by default the last line of the
     * human report, which states the verdict (versions disagree, N findings, gate failed …).
     */
    protected String failure(Object result) {
        String text = render(result);
        String last = "failed";
        for (String line : text == null ? new String[0] : text.split("\\R")) {
            if (!line.isBlank()) {
                last = line.strip();
            }
        }
        return last;
    }

    @Override
    public final Integer call() throws Exception {
        Object result = execute();
        int code = exitCode(result);
        if (json) {
            if (reportAlsoWithJson()) {
                printHuman(progress(), result);
            }
            System.out.println(Json.write(code == 0 ? result : withError(result, code)));
        } else {
            printHuman(System.out, result);
        }
        System.out.flush();
        return code;
    }

    /** A failed result as every failure is written: {@code error} and {@code exitCode} first, then the report's own fields. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> withError(Object result, int code) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", failure(result));
        out.put("exitCode", code);
        Map<String, Object> fields = result instanceof Map<?, ?> m ? (Map<String, Object>) m
                : Json.mapper().convertValue(result, Map.class);
        fields.forEach(out::putIfAbsent);
        return out;
    }

    private void printHuman(PrintStream out, Object result) {
        String text = render(result);
        if (text != null && !text.isEmpty()) {
            out.println(io.inventiv.pipeline.exec.Redactor.global().scrub(text));
        }
    }
}
