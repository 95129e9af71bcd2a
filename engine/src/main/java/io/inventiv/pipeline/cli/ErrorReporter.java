package io.inventiv.pipeline.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.UsageException;
import io.inventiv.pipeline.exec.Redactor;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one redacted line on stderr (and, with --json, one JSON object on
 * stdout) with the exit code of docs/cli.md. Stack traces only with INVENTIV_DEBUG=1.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String where = cmd.getCommandName();
        String message = plainWords(ex.getMessage()) + "; see '" + cmd.getCommandSpec().qualifiedName() + " --help'";
        report(cmd.getErr(), where, message, 2, wantsJson(args));
        return 2;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        boolean json = cmd.getCommand() instanceof EngineCommand ec && ec.jsonOutput();
        return failed(ex, cmd.getCommandName(), cmd.getErr(), json);
    }

    /** Runs a command that {@link FastArgs} bound, with the same failure handling as picocli's path. */
    int run(String name, EngineCommand command) {
        try {
            return command.call();
        } catch (Exception e) {
            return failed(e, name, new PrintWriter(System.err, true), command.jsonOutput());
        }
    }

    /** Refuses the run before any command starts (e.g. a secret too short to mask). */
    int refuse(String command, UsageException e, boolean json) {
        return failed(e, command, new PrintWriter(System.err, true), json);
    }

    private static int failed(Exception ex, String command, PrintWriter err, boolean json) {
        int code;
        String message;
        if (ex instanceof EngineException ee) {
            code = ee.exitCode();
            message = ee.getMessage();
        } else {
            code = 1;
            message = "internal error (" + ex.getClass().getSimpleName() + "): " + ex.getMessage()
                    + "; rerun with INVENTIV_DEBUG=1 for details and report it";
        }
        if ("1".equals(System.getenv("INVENTIV_DEBUG"))) {
            ex.printStackTrace(new PrintWriter(new RedactingWriter(err), true));
        }
        report(err, command, message, code, json);
        return code;
    }

    private static void report(PrintWriter err, String command, String message, int code, boolean json) {
        String line = Redactor.global().scrub(oneLine(message));
        err.println(command + ": " + line);
        err.flush();
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", line);
            body.put("exitCode", code);
            System.out.println(Json.write(body));
            System.out.flush();
        }
    }

    /**
     * picocli names the Java type a value did not convert to ("'many' is not an int"); the user
     * typed a flag and needs its name first and the kind of value it takes.
     */
    static String plainWords(String message) {
        if (message == null) {
            return "bad input";
        }
        java.util.regex.Matcher m = INVALID_VALUE.matcher(message);
        String out = m.lookingAt() ? m.group(1) + ": " + message.substring(m.end()) : message;
        return out.replaceAll("is not an? (int|long|short|byte|Integer|Long)\\b", "is not a whole number")
                .replaceAll("is not an? (double|float|Double|Float)\\b", "is not a number");
    }

    private static final java.util.regex.Pattern INVALID_VALUE =
            java.util.regex.Pattern.compile("Invalid value for (?:option|positional parameter[^(]*\\()'?([^':)]+)'?\\)?: ");

    private static String oneLine(String message) {
        return message == null ? "failed" : message.strip().replaceAll("\\s*\\R\\s*", " | ");
    }

    private static boolean wantsJson(String[] args) {
        for (String a : args) {
            if ("--json".equals(a)) {
                return true;
            }
        }
        return false;
    }

    /** Scrubs secrets from debug stack traces too. */
    private static final class RedactingWriter extends java.io.Writer {
        private final PrintWriter target;
        private final StringBuilder buf = new StringBuilder();

        RedactingWriter(PrintWriter target) {
            this.target = target;
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            buf.append(cbuf, off, len);
        }

        @Override
        public void flush() {
            target.print(Redactor.global().scrub(buf.toString()));
            buf.setLength(0);
            target.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
