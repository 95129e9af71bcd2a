package io.inventiv.pipeline.gate.scan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.inventiv.pipeline.Threads;
import io.inventiv.pipeline.exec.CommandRunner;

/**
 * Finds private keys and tokens in the files git tracks: one {@code git ls-files}, then worker
 * threads (one per core) take files from a shared counter and scan them in-process.
 */
public final class KeyScanner {
    /*
     * No lambdas, method references or string concatenation with '+' on the scan's path: each
     * kind is bootstrapped at run time on first use (LambdaForms spun, classes defined), which
     * a one-shot JVM pays for on its single-threaded critical path: 16 classes before the first
     * file was read, measured with -Xlog:class+load.
     */
    private static final Comparator<Finding> BY_PATH_AND_LINE = new Comparator<>() {
        @Override
        public int compare(Finding a, Finding b) {
            int byPath = a.path().compareTo(b.path());
            return byPath != 0 ? byPath : Integer.compare(a.line(), b.line());
        }
    };

    private final CommandRunner runner;
    private final int threads;

    public KeyScanner(CommandRunner runner) {
        this(runner, Runtime.getRuntime().availableProcessors());
    }

    public KeyScanner(CommandRunner runner, int threads) {
        this.runner = runner;
        this.threads = Math.max(1, threads);
    }

    /** {@code repoOption} names the flag that gave {@code repo}, for bad-input messages. */
    public ScanResult scan(Path repo, Allowlist allowlist, String repoOption) {
        // Reading the file list and loading the scan code are both single-threaded start-up
        // work for a one-shot JVM: side by side on two cores (about 10 ms here).
        Thread warmUp = new Thread(new WarmUp(), "scan-keys-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        List<String> files = TrackedFiles.list(runner, repo, repoOption);
        int n = Math.min(threads, Math.max(1, files.size()));
        AtomicInteger next = new AtomicInteger();
        Worker[] workers = new Worker[n];
        Thread[] started = new Thread[n - 1];
        for (int w = 0; w < n; w++) {
            workers[w] = new Worker(repo.toString(), files, next, allowlist);
        }
        for (int w = 1; w < n; w++) {
            started[w - 1] = new Thread(workers[w], "scan-keys-".concat(Integer.toString(w)));
            started[w - 1].start();
        }
        workers[0].run();
        for (Thread t : started) {
            Threads.joinUninterruptibly(t);
        }
        return merge(workers);
    }

    private static ScanResult merge(Worker[] workers) {
        List<Finding> findings = new ArrayList<>();
        long files = 0;
        long bytes = 0;
        long binary = 0;
        long suppressed = 0;
        for (Worker w : workers) {
            if (w.failure != null) {
                throw w.failure;
            }
            findings.addAll(w.findings);
            files += w.scanned;
            bytes += w.bytes;
            binary += w.binary;
            suppressed += w.suppressed;
        }
        findings.sort(BY_PATH_AND_LINE);
        return new ScanResult(findings, files, bytes, binary, suppressed);
    }

    /** A class rather than a method reference, which would bootstrap a lambda (see above). */
    private static final class WarmUp implements Runnable {
        @Override
        public void run() {
            FileScanner.warmUp();
        }
    }

    private static final class Worker implements Runnable {
        /** The checkout's absolute path, joined to each tracked path as a string (no Path per file). */
        private final String repo;
        private final List<String> files;
        private final AtomicInteger next;
        private final Allowlist allowlist;
        private final FileScanner scanner;
        final List<Finding> findings = new ArrayList<>();
        long scanned;
        long bytes;
        long binary;
        long suppressed;
        RuntimeException failure;

        Worker(String repo, List<String> files, AtomicInteger next, Allowlist allowlist) {
            this.repo = repo;
            this.files = files;
            this.next = next;
            this.allowlist = allowlist;
            this.scanner = new FileScanner(allowlist);
        }

        @Override
        public void run() {
            try {
                int i;
                while ((i = next.getAndIncrement()) < files.size()) {
                    scan(files.get(i));
                }
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        /**
         * One file, in a method of its own: the JIT compiles it after a few hundred calls, where
         * the loop above, which runs once per file, would stay interpreted. Files matching a path
         * glob of the allowlist are not read.
         */
        private void scan(String path) {
            if (allowlist.allowsPath(path)) {
                return;
            }
            String file = new StringBuilder(repo.length() + 1 + path.length()).append(repo).append('/')
                    .append(path).toString();
            FileScanner.Outcome o = scanner.scan(file, path);
            if (o == null) {
                return;
            }
            if (o.binary()) {
                binary++;
                return;
            }
            scanned++;
            bytes += o.bytes();
            suppressed += o.suppressed();
            findings.addAll(o.findings());
        }
    }
}
