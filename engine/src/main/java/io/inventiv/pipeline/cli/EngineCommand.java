package io.inventiv.pipeline.cli;

import java.io.PrintStream;
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

    @Override
    public final Integer call() throws Exception {
        Object result = execute();
        if (json) {
            if (reportAlsoWithJson()) {
                printHuman(progress(), result);
            }
            System.out.println(Json.write(result));
        } else {
            printHuman(System.out, result);
        }
        System.out.flush();
        return exitCode(result);
    }

    private void printHuman(PrintStream out, Object result) {
        String text = render(result);
        if (text != null && !text.isEmpty()) {
            out.println(io.inventiv.pipeline.exec.Redactor.global().scrub(text));
        }
    }
}
