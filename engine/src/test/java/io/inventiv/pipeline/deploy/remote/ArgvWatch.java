package io.inventiv.pipeline.deploy.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Samples the argv of every process on the machine (/proc/PID/cmdline) while a test runs, to
 * prove a secret never appears on any command line (engine, ssh, sshd session, host script).
 */
final class ArgvWatch implements AutoCloseable {
    private final String secret;
    private final List<String> hits = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private int samples;

    ArgvWatch(String secret) {
        this.secret = secret;
        this.thread = new Thread(this::loop, "argv-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.filter(d -> d.getFileName().toString().matches("[0-9]+")).toList()) {
                    try {
                        String argv = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                        if (argv.contains(secret)) {
                            synchronized (hits) {
                                hits.add(argv.replace('\0', ' '));
                            }
                        }
                    } catch (IOException gone) {
                        // the process exited between list and read
                    }
                }
                samples++;
                // A short pause keeps the sampler from taking a whole core from the deploy it watches.
                Thread.sleep(5);
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Command lines that held the secret (should be none). */
    List<String> hits() {
        synchronized (hits) {
            return List.copyOf(hits);
        }
    }

    int samples() {
        return samples;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
