package io.inventiv.pipeline.testsupport;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;

/**
 * TEST DOUBLE of a flaky network and registry front: a reverse proxy in front of a real
 * registry that answers 429/500/503, drops connections (before or after the registry acted),
 * or delays, for the requests a rule matches. Every injected fault is logged.
 */
public final class FaultInjectingProxy extends ForwardingProxy {
    public enum Fault { TOO_MANY_REQUESTS, INTERNAL_ERROR, UNAVAILABLE, DROP, DROP_AFTER_FORWARD, DELAY }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private volatile long delayMillis = 2000;
    private volatile int retryAfterSeconds = 1;
    private volatile Random random;
    private volatile double randomRate;

    private static final class Rule {
        final String method;
        final String pathPart;
        final Deque<Fault> faults;
        final Fault always;

        Rule(String method, String pathPart, Deque<Fault> faults, Fault always) {
            this.method = method;
            this.pathPart = pathPart;
            this.faults = faults;
            this.always = always;
        }

        boolean matches(HttpExchange ex) {
            return method.equals(ex.getRequestMethod()) && ex.getRequestURI().getPath().contains(pathPart);
        }
    }

    public FaultInjectingProxy(String backend) {
        super(backend);
    }

    /** The next matching requests get these faults, one each, in order. */
    public FaultInjectingProxy next(String method, String pathPart, Fault... faults) {
        rules.add(new Rule(method, pathPart, new ArrayDeque<>(List.of(faults)), null));
        return this;
    }

    /** Every matching request gets this fault. */
    public FaultInjectingProxy always(String method, String pathPart, Fault fault) {
        rules.add(new Rule(method, pathPart, new ArrayDeque<>(), fault));
        return this;
    }

    /** Each request gets a random fault (no delays) with this probability. */
    public FaultInjectingProxy randomly(long seed, double rate) {
        this.random = new Random(seed);
        this.randomRate = rate;
        return this;
    }

    public FaultInjectingProxy delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** One request as it reached the proxy: when (System.nanoTime) and what. */
    public record Arrival(long nanos, String method, String path) {
    }

    /** The Retry-After (seconds) that 429 answers carry; 1 unless set. */
    public FaultInjectingProxy retryAfter(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    /** Every request that reached the proxy, faulted or not, in order of arrival. */
    public List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    public void clear() {
        rules.clear();
        random = null;
    }

    public List<String> log() {
        return log;
    }

    @Override
    protected boolean intercept(HttpExchange ex) throws IOException {
        arrivals.add(new Arrival(System.nanoTime(), ex.getRequestMethod(), ex.getRequestURI().getPath()));
        Fault fault = pick(ex);
        if (fault == null) {
            return false;
        }
        log.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " -> " + fault);
        switch (fault) {
            case TOO_MANY_REQUESTS -> {
                ex.getResponseHeaders().set("Retry-After", String.valueOf(retryAfterSeconds));
                respond(ex, 429, "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}");
            }
            case INTERNAL_ERROR -> respond(ex, 500, "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"injected\"}]}");
            case UNAVAILABLE -> respond(ex, 503, "service unavailable (injected)");
            case DROP -> throw new IOException("connection dropped (injected)");
            case DROP_AFTER_FORWARD -> {
                sendToBackend(ex, ex.getRequestURI().toString(), null);
                throw new IOException("connection dropped after the registry acted (injected)");
            }
            case DELAY -> {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }
            default -> throw new IllegalStateException(fault.toString());
        }
        return true;
    }

    private Fault pick(HttpExchange ex) {
        for (Rule r : rules) {
            if (r.matches(ex)) {
                if (r.always != null) {
                    return r.always;
                }
                synchronized (r.faults) {
                    if (!r.faults.isEmpty()) {
                        return r.faults.poll();
                    }
                }
            }
        }
        Random rnd = random;
        if (rnd != null) {
            synchronized (rnd) {
                if (rnd.nextDouble() < randomRate) {
                    Fault[] kinds = {Fault.TOO_MANY_REQUESTS, Fault.INTERNAL_ERROR, Fault.UNAVAILABLE, Fault.DROP,
                        Fault.DROP_AFTER_FORWARD};
                    return kinds[rnd.nextInt(kinds.length)];
                }
            }
        }
        return null;
    }
}
