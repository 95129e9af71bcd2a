package io.inventiv.pipeline.jenkinstest.harness

import com.cloudbees.groovy.cps.Continuable
import com.cloudbees.groovy.cps.Continuation
import com.cloudbees.groovy.cps.Envs
import com.cloudbees.groovy.cps.Next
import com.cloudbees.groovy.cps.ObjectInputStreamWithLoader
import com.cloudbees.groovy.cps.impl.CpsCallableInvocation
import com.lesfurets.jenkins.unit.MethodSignature
import com.lesfurets.jenkins.unit.cps.PipelineTestHelperCPS
import org.codehaus.groovy.runtime.GroovyCategorySupport

/**
 * JenkinsPipelineUnit's CPS helper made stricter and truer to Jenkins.
 *
 * Stock 1.1 runs each CPS invocation in its own loop and round-trips only the innermost closure's
 * locals, and never on the script's or a library step's entry path. Jenkins persists the whole
 * program at every step. Here every CPS invocation (the script, each {@code vars/} step, each
 * step body) runs through {@link #runCps}, which keeps the stack of active {@link Next}s; at every
 * registered step call the whole stack is serialized and read back, so a value alive across a
 * step anywhere in the program (a {@code Matcher}, a lazy JSON map, an iterator) fails the test.
 *
 * Library steps ({@code vars/*.groovy}) are called through a wrapper that fails the test when one
 * returns anything but String, Number, Boolean, HashMap or ArrayList (nested), or null.
 */
class JenkinsLikeCpsHelper extends PipelineTestHelperCPS {

    /** One holder per active CPS loop, innermost last; holder[0] is that loop's current Next. */
    private final List<Object[]> activeLoops = []

    /** Problems found while the program ran; the test fails on any even if the program caught it. */
    final List<String> violations = []

    /**
     * Steps whose calls do not round-trip the program: the library's own steps (their entry is
     * checked when the steps inside them run) and binding-building helpers.
     */
    Set<String> globalVarNames = [] as Set

    /** Stand-ins a test put in place of a library step (the library's own is then not called). */
    final Map<String, Closure> libraryStepStandIns = [:]

    /** Jenkins runs CPS code with its DefaultGroovyMethods replacements and serializable iterators. */
    static final List<Class> CATEGORIES = Continuable.categories + [JenkinsStandInIteratorHack]

    /** A class of the library's src/, as Jenkins loads it (CPS-transformed); the library must be loaded. */
    Class libraryClass(String name) {
        return gse.groovyClassLoader.loadClass(name)
    }

    Object runCps(CpsCallableInvocation invocation) {
        Next next = invocation.invoke(Envs.empty(), null, Continuation.HALT)
        Object[] holder = [next] as Object[]
        activeLoops.add(holder)
        try {
            while (next.yield == null) {
                holder[0] = next
                next = next.step()
            }
        } finally {
            activeLoops.remove(activeLoops.size() - 1)
        }
        return next.yield.replay()
    }

    /** Runs a whole pipeline script the way the other entry points run: one stepping runner. */
    @Override
    protected Object runScriptInternal(Script script) {
        return GroovyCategorySupport.use(CATEGORIES) {
            try {
                return script.run()
            } catch (CpsCallableInvocation invocation) {
                return runCps(invocation)
            }
        }
    }

    @Override
    protected Object callMethod(MetaMethod method, Object delegate, Object[] args) {
        try {
            return method.doMethodInvoke(delegate, args)
        } catch (CpsCallableInvocation invocation) {
            return runCps(invocation)
        }
    }

    /** As PipelineTestHelper's, with the CPS case going through {@link #runCps}. */
    @Override
    Object callClosure(Closure closure, Object[] args = null) {
        try {
            if (!args) {
                return closure.call()
            } else if (args.size() > closure.maximumNumberOfParameters) {
                return closure.call(args)
            }
            return closure.call(*args)
        } catch (CpsCallableInvocation invocation) {
            return runCps(invocation)
        }
    }

    @Override
    protected Map.Entry<MethodSignature, Closure> getAllowedMethodEntry(String name, Object... args) {
        if (libraryStepStandIns.containsKey(name)) {
            return new AbstractMap.SimpleEntry(MethodSignature.method(name), libraryStepStandIns[name])
        }
        if (globalVarNames.contains(name)) {
            Script step = libraryStep(name)
            if (step != null) {
                return new AbstractMap.SimpleEntry(MethodSignature.method(name), { Object... a -> callLibraryStep(name, step, a) })
            }
        }
        Map.Entry<MethodSignature, Closure> entry = super.getAllowedMethodEntry(name, args)
        if (entry != null) {
            roundTripProgram(name)
        }
        return entry
    }

    private Script libraryStep(String name) {
        for (record in libLoader.libRecords.values()) {
            Object v = record.definedGlobalVars?.get(name)
            if (v instanceof Script) {
                return (Script) v
            }
        }
        return null
    }

    private Object callLibraryStep(String name, Script step, Object[] args) {
        MetaMethod call = step.metaClass.getMetaMethod('call', args)
        if (call == null) {
            throw new MissingMethodException(name, step.getClass(), args)
        }
        Object result = callMethod(call, step, args)
        String bad = PlainValues.firstNonPlain(result, name)
        if (bad != null) {
            violations.add("step ${name} returned a value Jenkins should not hold: ${bad}".toString())
            throw new AssertionError((Object) "step ${name} returned a value Jenkins should not hold: ${bad}")
        }
        return result
    }

    @Override
    protected void setGlobalVars(Binding binding) {
        super.setGlobalVars(binding)
        for (record in libLoader.libRecords.values()) {
            globalVarNames.addAll(record.definedGlobalVars?.keySet() ?: [])
        }
    }

    /**
     * Serializes every active CPS loop's state (locals of every frame, continuations, the
     * script objects and their binding) and reads it back, as Jenkins does at each step.
     */
    void roundTripProgram(String stepName) {
        List<Next> program = []
        for (holder in activeLoops) {
            program.add((Next) holder[0])
        }
        if (program.isEmpty()) {
            return
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream()
            ObjectOutputStream out = new ObjectOutputStream(bytes)
            out.writeObject(program)
            out.close()
            new ObjectInputStreamWithLoader(new ByteArrayInputStream(bytes.toByteArray()), gse.groovyClassLoader).readObject()
        } catch (NotSerializableException e) {
            String message = "a value alive across step '${stepName}' is not serializable: ${e.message}"
            violations.add(message)
            throw new AssertionError(message, e)
        }
    }
}
