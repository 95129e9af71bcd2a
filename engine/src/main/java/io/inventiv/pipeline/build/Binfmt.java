package io.inventiv.pipeline.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.inventiv.pipeline.EngineException;
import io.inventiv.pipeline.exec.Command;
import io.inventiv.pipeline.exec.CommandRunner;
import io.inventiv.pipeline.exec.OutputListener;
import io.inventiv.pipeline.oci.Platform;

/**
 * QEMU emulation for RUN steps of foreign platforms: checks binfmt_misc and registers the
 * missing emulators, with the distribution's qemu-user-static ({@code update-binfmts --enable})
 * where installed, else with the pinned binfmt image. Native platforms need nothing.
 */
public final class Binfmt {
    /** qemu 7.0: later images segfault configuring arm64 libc-bin under emulation. */
    public static final String DEFAULT_IMAGE = "tonistiigi/binfmt:qemu-v7.0.0-28";
    public static final Path PROC_DIR = Path.of("/proc/sys/fs/binfmt_misc");
    public static final Path UPDATE_BINFMTS = Path.of("/usr/sbin/update-binfmts");
    public static final Path FORMATS_DIR = Path.of("/usr/share/binfmts");
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(5);

    /** Where to look and what to run; the defaults are the real system paths. */
    public record Setup(Path procDir, Path updateBinfmts, Path formatsDir, String docker, String image, String hostArch) {
        public static Setup system(String docker, String image) {
            return new Setup(PROC_DIR, UPDATE_BINFMTS, FORMATS_DIR, docker, image, Platforms.hostArchitecture());
        }
    }

    private final Setup setup;

    public Binfmt(Setup setup) {
        this.setup = setup;
    }

    /** The qemu-user name of an OCI architecture (the binfmt_misc entry is {@code qemu-<name>}). */
    public static String qemuName(String architecture) {
        return switch (architecture) {
            case "arm64" -> "aarch64";
            case "amd64" -> "x86_64";
            case "386" -> "i386";
            default -> architecture;
        };
    }

    /** Architectures among {@code platforms} that need emulation and have no enabled emulator. */
    public List<String> missing(List<Platform> platforms) {
        Set<String> out = new LinkedHashSet<>();
        for (Platform p : platforms) {
            String arch = p.architecture();
            if (!arch.equals(setup.hostArch()) && !enabled(qemuName(arch))) {
                out.add(arch);
            }
        }
        return List.copyOf(out);
    }

    /** How the missing emulators get registered: argv lists, run in order. */
    public List<List<String>> plan(List<String> missingArchitectures) {
        if (missingArchitectures.isEmpty()) {
            return List.of();
        }
        boolean distroQemu = Files.isExecutable(setup.updateBinfmts()) && missingArchitectures.stream()
                .allMatch(a -> Files.isRegularFile(setup.formatsDir().resolve("qemu-" + qemuName(a))));
        List<List<String>> steps = new ArrayList<>();
        if (distroQemu) {
            for (String arch : missingArchitectures) {
                steps.add(List.of(setup.updateBinfmts().toString(), "--enable", "qemu-" + qemuName(arch)));
            }
        } else {
            steps.add(List.of(setup.docker(), "run", "--privileged", "--rm", setup.image(),
                    "--install", String.join(",", missingArchitectures)));
        }
        return steps;
    }

    /** Registers what is missing and checks it worked; returns the architectures it set up. */
    public List<String> ensure(List<Platform> platforms, CommandRunner runner, OutputListener listener) {
        List<String> missing = missing(platforms);
        for (List<String> step : plan(missing)) {
            runner.runChecked(Command.of(step).withTimeout(SETUP_TIMEOUT), listener,
                    "set up QEMU emulation for " + String.join(",", missing));
        }
        List<String> still = missing(platforms);
        if (!still.isEmpty()) {
            throw new EngineException("QEMU emulation for " + String.join(",", still) + " is still not enabled in "
                    + setup.procDir() + "; install qemu-user-static and binfmt-support on the agent, or allow "
                    + "privileged containers for " + setup.image());
        }
        return missing;
    }

    private boolean enabled(String qemu) {
        Path entry = setup.procDir().resolve("qemu-" + qemu);
        try {
            return Files.isRegularFile(entry)
                    && Files.readAllLines(entry).stream().findFirst().orElse("").strip().equals("enabled");
        } catch (IOException e) {
            return false;
        }
    }
}
