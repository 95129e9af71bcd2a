package io.inventiv.pipeline.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.inventiv.pipeline.deploy.ProfileReport;
import io.inventiv.pipeline.deploy.Profiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate-env", description = "Check every required variable of an environment profile.")
public final class ValidateEnvCommand extends EngineCommand {

    @Option(names = "--profile", required = true, paramLabel = "NAME|FILE",
            description = "Required. Built-in profile (staging, production) or a profile YAML file.")
    String profile;

    @Option(names = "--identity-file", paramLabel = "FILE",
            description = "SSH private key file (e.g. from a sshUserPrivateKey binding); default: the agent at SSH_AUTH_SOCK.")
    Path identityFile;

    @Option(names = "--owner", paramLabel = "OWNER",
            description = "GitHub owner of the images; sets GITHUB_OWNER (IMAGE_REPO and GHCR_USERNAME defaults).")
    String owner;

    @Override
    protected Object execute() {
        InputFile.check("--identity-file", identityFile);
        ProfileReport report = Profiles.check(profile, environment(System.getenv(), owner), identityFile,
                io.inventiv.pipeline.deploy.remote.DeployPlan::checkTarget);
        return report;
    }

    /** The process environment, with {@code --owner} applied. */
    static Map<String, String> environment(Map<String, String> env, String owner) {
        Map<String, String> out = new HashMap<>(env);
        if (owner != null && io.inventiv.pipeline.deploy.ValueFormat.OWNER.check(owner) != null) {
            throw io.inventiv.pipeline.UsageException.field("--owner", "'" + owner + "' is "
                    + io.inventiv.pipeline.deploy.ValueFormat.OWNER.check(owner), "give the GitHub owner of the images, e.g. my-org");
        }
        if (owner != null) {
            out.put(Profiles.OWNER_VARIABLE, owner);
        }
        return out;
    }

    @Override
    protected boolean reportAlsoWithJson() {
        return true;
    }

    @Override
    protected String render(Object result) {
        ProfileReport r = (ProfileReport) result;
        StringBuilder b = new StringBuilder();
        b.append("profile ").append(r.profile()).append(" (").append(r.source()).append("): ")
                .append(r.ok() ? "ok" : "NOT ok").append('\n');
        for (String name : r.missing()) {
            b.append("  missing  ").append(name).append('\n');
        }
        for (ProfileReport.Problem p : r.invalid()) {
            b.append("  invalid  ").append(p.name()).append(": ").append(p.problem()).append('\n');
        }
        r.defaults().forEach((name, value) -> b.append("  default  ").append(name).append('=').append(value).append('\n'));
        if (r.sshKey() != null) {
            b.append("  ssh key  from the ").append(r.sshKey().equals("agent") ? "ssh agent (SSH_AUTH_SOCK)" : "--identity-file")
                    .append('\n');
        }
        for (String note : r.notes()) {
            b.append("  note     ").append(note).append('\n');
        }
        return b.toString().stripTrailing();
    }

    /** The verdict a step shows: every missing and invalid name on one line (the report's last line is a note). */
    @Override
    protected String failure(Object result) {
        ProfileReport r = (ProfileReport) result;
        StringBuilder b = new StringBuilder("profile ").append(r.profile()).append(" is not ready:");
        if (!r.missing().isEmpty()) {
            b.append(" missing ").append(String.join(", ", r.missing())).append(';');
        }
        for (ProfileReport.Problem p : r.invalid()) {
            b.append(" invalid ").append(p.name()).append(": ").append(p.problem()).append(';');
        }
        b.setLength(b.length() - 1);
        return b.append("; set them and run validate-env again").toString();
    }

    @Override
    protected int exitCode(Object result) {
        return ((ProfileReport) result).ok() ? 0 : 2;
    }
}
