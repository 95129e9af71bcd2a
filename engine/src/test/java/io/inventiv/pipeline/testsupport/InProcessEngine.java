package io.inventiv.pipeline.testsupport;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Many engine runs in one JVM started from the packaged jar: the child reads one command line
 * per line, runs it through the engine's {@code Main.execute} (which returns the exit code
 * instead of exiting) and answers with its exit code, stdout and stderr. A table of hundreds of
 * inputs thus costs one JVM start, yet runs the jar's own classes, as a pipeline step does.
 * Words and answers travel base64-encoded, so any byte fits on one line.
 */
public final class InProcessEngine implements AutoCloseable {
    private final Process process;
    private final BufferedReader answers;
    private final OutputStream requests;

    private InProcessEngine(Process process) {
        this.process = process;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.requests = process.getOutputStream();
    }

    /** Starts the child in {@code dir} with {@code env} added to this process's environment. */
    public static InProcessEngine start(Path dir, Map<String, String> env) {
        String self = Path.of(InProcessEngine.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        ProcessBuilder pb = new ProcessBuilder("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", EngineProcess.jar() + ":" + self, InProcessEngine.class.getName())
                .directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().keySet().removeAll(List.of("REGISTRY_USERNAME", "REGISTRY_PASSWORD", "HTTPS_PROXY", "https_proxy",
                "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "SSH_AUTH_SOCK", "IMAGE_REPO", "GITHUB_OWNER"));
        pb.environment().putAll(env);
        try {
            return new InProcessEngine(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one command line in the child and waits for its answer. */
    public EngineProcess.Result run(List<String> argv) {
        try {
            List<String> words = new ArrayList<>();
            for (String a : argv) {
                words.add(Base64.getEncoder().encodeToString(a.getBytes(StandardCharsets.UTF_8)));
            }
            requests.write((String.join(" ", words) + "\n").getBytes(StandardCharsets.UTF_8));
            requests.flush();
            String line = answers.readLine();
            if (line == null) {
                throw new IllegalStateException("the engine child ended while running " + argv);
            }
            String[] f = line.split(" ", -1);
            return new EngineProcess.Result(Integer.parseInt(f[0]), decode(f[1]), decode(f[2]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            requests.close();
        } catch (IOException e) {
            // the child is stopped below either way
        }
        Processes.stop(process);
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    /** The child: one engine run per request line, with System.out/err captured for its answer. */
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        // A command that reads stdin must find it empty, not the next request.
        System.setIn(new ByteArrayInputStream(new byte[0]));
        Class<?> main = Class.forName("io.inventiv.pipeline.cli.Main");
        java.lang.reflect.Method execute = main.getMethod("execute", String[].class);
        String line;
        while ((line = in.readLine()) != null) {
            String[] argv = line.isEmpty() ? new String[0] : Arrays.stream(line.split(" "))
                    .map(InProcessEngine::decode).toArray(String[]::new);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = (Integer) execute.invoke(null, (Object) argv);
            } catch (java.lang.reflect.InvocationTargetException e) {
                e.getCause().printStackTrace();
                code = 99;
            }
            System.out.flush();
            System.err.flush();
            Base64.Encoder b64 = Base64.getEncoder();
            protocol.println(code + " " + b64.encodeToString(out.toByteArray()) + " " + b64.encodeToString(err.toByteArray()));
        }
    }
}
