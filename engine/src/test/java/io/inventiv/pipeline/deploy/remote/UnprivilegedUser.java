package io.inventiv.pipeline.deploy.remote;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.inventiv.pipeline.testsupport.Processes;

/**
 * A real unprivileged login user on this machine (the suite runs as root), created with
 * {@code useradd} and removed with its home on close. The name is unique per
 * instance, so parallel runs never share one. Its password field is {@code *} (no password, not
 * "locked"): sshd without PAM refuses key logins for locked ("!") accounts.
 */
final class UnprivilegedUser implements AutoCloseable {
    private final String name;

    private UnprivilegedUser(String name) {
        this.name = name;
    }

    static UnprivilegedUser create() {
        String name = "inv" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        Processes.run(List.of("useradd", "--create-home", "--shell", "/bin/sh", "--password", "*", name));
        return new UnprivilegedUser(name);
    }

    String name() {
        return name;
    }

    String home() {
        return "/home/" + name;
    }

    /** The user's groups, as the system lists them now. */
    List<String> groups() {
        return List.of(Processes.run(List.of("id", "-nG", name)).strip().split("\\s+"));
    }

    @Override
    public void close() {
        // --force: also while a process of the user (a lingering ssh session) is still around.
        Processes.run(List.of("userdel", "--force", "--remove", name));
    }
}
