package io.inventiv.pipeline.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.inventiv.pipeline.EngineException;

/**
 * The only place in the engine that starts processes. Output is streamed line by line,
 * redacted, to a listener and captured; a process that outlives its timeout has its whole
 * tree terminated (TERM, then KILL after a grace period).
 */
public final class CommandRunner {
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);
    private static final int CAPTURE_LIMIT = 8 * 1024 * 1024;

    private final Redactor redactor;

    public CommandRunner(Redactor redactor) {
        this.redactor = redactor;
    }

    public CommandRunner() {
        this(Redactor.global());
    }

    public Redactor redactor() {
        return redactor;
    }

    /** Runs the command and returns its result, whatever the exit code. */
    public ProcessResult run(Command command, OutputListener listener) {
        return run(command, listener, () -> { });
    }

    /**
     * As {@link #run(Command, OutputListener)}; {@code afterStart} runs as soon as the process exists
     * (or could not be started), so a caller guarding starts knows when one is no longer in flight.
     */
    public ProcessResult run(Command command, OutputListener listener, Runnable afterStart) {
        ProcessBuilder pb = new ProcessBuilder(command.argv());
        if (command.workDir() != null) {
            pb.directory(command.workDir().toFile());
        }
        Map<String, String> env = pb.environment();
        command.env().forEach((k, v) -> {
            if (v == null) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        long start = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new EngineException("cannot start " + command.program() + ": " + e.getMessage()
                    + " (is it installed and on PATH?)");
        } finally {
            afterStart.run();
        }
        LineCollector out = new LineCollector(process.getInputStream(), OutputListener.Stream.STDOUT, listener);
        LineCollector err = new LineCollector(process.getErrorStream(), OutputListener.Stream.STDERR, listener);
        out.start();
        err.start();
        feedStdin(process, command.stdin());

        boolean timedOut = false;
        try {
            if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                killTree(process);
            }
            out.join(KILL_GRACE.toMillis());
            err.join(KILL_GRACE.toMillis());
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while running " + command.program());
        }
        int code = process.isAlive() ? -1 : process.exitValue();
        return new ProcessResult(code, out.text(), err.text(), timedOut,
                Duration.ofNanos(System.nanoTime() - start));
    }

    public ProcessResult run(Command command) {
        return run(command, OutputListener.NONE);
    }

    /** Runs the command and fails with the tail of its output when it does not exit 0. */
    public ProcessResult runChecked(Command command, OutputListener listener, String action) {
        ProcessResult r = run(command, listener);
        if (r.timedOut()) {
            throw new EngineException(action + ": " + command.program() + " timed out after "
                    + command.timeout().toSeconds() + "s and was killed");
        }
        if (r.exitCode() != 0) {
            throw new EngineException(action + ": " + command.program() + " exited " + r.exitCode()
                    + tailSuffix(r));
        }
        return r;
    }

    private static String tailSuffix(ProcessResult r) {
        String tail = r.tail(5);
        return tail.isBlank() ? "" : ": " + tail.replace('\n', ' ').strip();
    }

    private static void feedStdin(Process process, byte[] stdin) {
        OutputStream os = process.getOutputStream();
        if (stdin == null) {
            closeQuietly(os);
            return;
        }
        Thread t = new Thread(() -> {
            try (os) {
                os.write(stdin);
            } catch (IOException ignored) {
                // The process exited without reading all of stdin; its exit code tells the story.
            }
        }, "stdin-feeder");
        t.setDaemon(true);
        t.start();
    }

    /** Terminates the process and all its descendants: TERM first, KILL after a grace period. */
    static void killTree(Process process) {
        List<ProcessHandle> tree = process.descendants().toList();
        for (ProcessHandle h : tree) {
            h.destroy();
        }
        process.destroy();
        try {
            process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle h : process.descendants().toList()) {
            h.destroyForcibly();
        }
        for (ProcessHandle h : tree) {
            h.destroyForcibly();
        }
        process.destroyForcibly();
    }

    private static void closeQuietly(OutputStream os) {
        try {
            os.close();
        } catch (IOException ignored) {
            // nothing to do: the process did not want stdin
        }
    }

    /** Reads one stream, splitting lines for the listener and keeping a bounded copy. */
    private final class LineCollector extends Thread {
        private final InputStream in;
        private final OutputListener.Stream stream;
        private final OutputListener listener;
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

        LineCollector(InputStream in, OutputListener.Stream stream, OutputListener listener) {
            super("output-" + stream);
            setDaemon(true);
            this.in = in;
            this.stream = stream;
            this.listener = listener;
        }

        @Override
        public void run() {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (captured) {
                        if (captured.size() < CAPTURE_LIMIT) {
                            captured.write(buf, 0, Math.min(n, CAPTURE_LIMIT - captured.size()));
                        }
                    }
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            emit(line);
                        } else {
                            line.write(buf[i]);
                        }
                    }
                }
            } catch (IOException ignored) {
                // stream closed because the process was killed
            }
            if (line.size() > 0) {
                emit(line);
            }
        }

        private void emit(ByteArrayOutputStream line) {
            String text = line.toString(StandardCharsets.UTF_8);
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            line.reset();
            listener.line(stream, redactor.scrub(text));
        }

        String text() {
            synchronized (captured) {
                return redactor.scrub(captured.toString(StandardCharsets.UTF_8));
            }
        }
    }
}
