package io.inventiv.pipeline.jenkinstest.library

import io.inventiv.pipeline.jenkinstest.harness.PipelineTestBase
import org.codehaus.groovy.ast.ASTNode
import org.codehaus.groovy.ast.ClassCodeVisitorSupport
import org.codehaus.groovy.ast.ClassNode
import org.codehaus.groovy.ast.ImportNode
import org.codehaus.groovy.ast.MethodNode
import org.codehaus.groovy.ast.expr.ArgumentListExpression
import org.codehaus.groovy.ast.expr.ClassExpression
import org.codehaus.groovy.ast.expr.ClosureExpression
import org.codehaus.groovy.ast.expr.ConstantExpression
import org.codehaus.groovy.ast.expr.ConstructorCallExpression
import org.codehaus.groovy.ast.expr.Expression
import org.codehaus.groovy.ast.expr.MapExpression
import org.codehaus.groovy.ast.expr.MethodCallExpression
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression
import org.codehaus.groovy.ast.expr.TupleExpression
import org.codehaus.groovy.ast.expr.VariableExpression
import org.codehaus.groovy.ast.stmt.CatchStatement
import org.codehaus.groovy.control.CompilationUnit
import org.codehaus.groovy.control.Phases
import org.codehaus.groovy.control.SourceUnit
import org.junit.Test

import java.nio.file.Files
import java.nio.file.Path

/**
 * Rules over the syntax tree of vars/ and src/, where a runtime check cannot see: every sh script
 * is a constant (a GString and a String look alike at run time), nothing runs on the controller
 * (new File, .execute(), System.getenv), loops are for loops, imports are the JDK's, Groovy's and
 * the library's own.
 */
class LibrarySourceRulesTest {

    static final List<String> ITERATING_METHODS = ['each', 'eachWithIndex', 'collect', 'collectEntries', 'collectMany',
                                                   'findAll', 'find', 'any', 'every', 'inject', 'sum', 'groupBy',
                                                   'sort', 'forEach', 'findResults', 'count', 'max', 'min', 'unique']
    static final List<String> ALLOWED_IMPORT_PREFIXES = ['java.', 'groovy.', 'io.inventiv.pipeline.jenkins.']
    static final List<String> ALLOWED_IMPORTS = ['com.cloudbees.groovy.cps.NonCPS']

    static List<Path> librarySources() {
        List<Path> files = []
        for (dir in ['vars', 'src']) {
            Path root = PipelineTestBase.REPO_ROOT.resolve(dir)
            if (Files.isDirectory(root)) {
                def s = Files.walk(root)
                try {
                    files.addAll(s.filter { it.toString().endsWith('.groovy') }.toList())
                } finally {
                    s.close()
                }
            }
        }
        assert !files.isEmpty()
        return files.sort()
    }

    @Test
    void everyShScriptIsAConstantAndNothingRunsOnTheController() {
        List<String> problems = []
        int shCalls = 0
        int catches = 0
        for (file in librarySources()) {
            String where = PipelineTestBase.REPO_ROOT.relativize(file).toString()
            visit(file) { SourceUnit unit ->
                new ClassCodeVisitorSupport() {
                    protected SourceUnit getSourceUnit() { unit }

                    void visitMethodCallExpression(MethodCallExpression call) {
                        String name = call.methodAsString
                        if (name == 'sh' && call.implicitThis) {
                            shCalls++
                            if (!constantScript(call.arguments)) {
                                problems << "${where}:${call.lineNumber}: sh script is not a constant String"
                            }
                        }
                        if (name == 'execute') {
                            problems << "${where}:${call.lineNumber}: .execute() runs on the controller"
                        }
                        if (name == 'getenv' && isSystem(call.objectExpression)) {
                            problems << "${where}:${call.lineNumber}: System.getenv reads the controller's environment"
                        }
                        if (name in ITERATING_METHODS && hasClosureArgument(call.arguments)) {
                            problems << "${where}:${call.lineNumber}: ${name} { } instead of a for loop"
                        }
                        super.visitMethodCallExpression(call)
                    }

                    void visitStaticMethodCallExpression(StaticMethodCallExpression call) {
                        if (call.method == 'getenv' && call.ownerType.name == 'java.lang.System') {
                            problems << "${where}:${call.lineNumber}: System.getenv reads the controller's environment"
                        }
                        super.visitStaticMethodCallExpression(call)
                    }

                    void visitConstructorCallExpression(ConstructorCallExpression call) {
                        if (call.type.name in ['java.io.File', 'File']) {
                            problems << "${where}:${call.lineNumber}: new File works on the controller, not the agent"
                        }
                        super.visitConstructorCallExpression(call)
                    }

                    void visitCatchStatement(CatchStatement statement) {
                        catches++
                        if (catchesAborts(statement) && !rethrowsAborts(statement)) {
                            problems << "${where}:${statement.lineNumber}: a catch that does not rethrow an abort (Aborts.isAbort)"
                        }
                        super.visitCatchStatement(statement)
                    }
                }
            }
        }
        assert problems.isEmpty(): problems.join('\n')
        assert shCalls > 0
        assert catches > 0
    }

    /** A catch broad enough to catch an abort (untyped, Exception, Throwable, InterruptedException). */
    static boolean catchesAborts(CatchStatement statement) {
        String type = statement.exceptionType?.name ?: 'java.lang.Object'
        return type in ['java.lang.Object', 'Object', 'java.lang.Exception', 'Exception', 'java.lang.Throwable', 'Throwable',
                        'java.lang.InterruptedException', 'InterruptedException']
    }

    /** The catch block asks Aborts.isAbort about what it caught and throws it again. */
    static boolean rethrowsAborts(CatchStatement statement) {
        boolean asks = false
        boolean throwsIt = false
        statement.code.visit(new org.codehaus.groovy.ast.CodeVisitorSupport() {
            void visitMethodCallExpression(MethodCallExpression call) {
                if (call.methodAsString == 'isAbort') {
                    asks = true
                }
                super.visitMethodCallExpression(call)
            }

            void visitThrowStatement(org.codehaus.groovy.ast.stmt.ThrowStatement t) {
                if (t.expression instanceof VariableExpression && t.expression.name == statement.variable.name) {
                    throwsIt = true
                }
                super.visitThrowStatement(t)
            }
        })
        return asks && throwsIt
    }

    @Test
    void libraryCodeImportsOnlyTheJdkGroovyAndItself() {
        List<String> problems = []
        for (file in librarySources()) {
            String where = PipelineTestBase.REPO_ROOT.relativize(file).toString()
            visit(file) { SourceUnit unit ->
                List<ImportNode> imports = []
                imports.addAll(unit.AST.imports)
                imports.addAll(unit.AST.starImports)
                imports.addAll(unit.AST.staticImports.values())
                imports.addAll(unit.AST.staticStarImports.values())
                for (ImportNode i : imports) {
                    String name = i.className ?: i.packageName
                    if (!(name in ALLOWED_IMPORTS) && !ALLOWED_IMPORT_PREFIXES.any { name.startsWith(it) }) {
                        problems << "${where}: imports ${name}"
                    }
                }
                null
            }
        }
        assert problems.isEmpty(): problems.join('\n')
    }

    @Test
    void theRulesCatchWhatTheyShould() {
        Path dir = Files.createTempDirectory('rules')
        Path bad = dir.resolve('bad.groovy')
        bad.text = '''
def call(Map a) {
  sh "echo ${a.x}"
  sh(script: 'echo ' + a.x)
  new File('x').text
  'ls'.execute()
  System.getenv('HOME')
  [1, 2].each { echo it }
  sh 'constant is fine'
}
'''
        List<String> found = []
        visit(bad) { SourceUnit unit ->
            new ClassCodeVisitorSupport() {
                protected SourceUnit getSourceUnit() { unit }

                void visitMethodCallExpression(MethodCallExpression call) {
                    if (call.methodAsString == 'sh' && !constantScript(call.arguments)) found << 'sh'
                    if (call.methodAsString == 'execute') found << 'execute'
                    if (call.methodAsString == 'getenv' && isSystem(call.objectExpression)) found << 'getenv'
                    if (call.methodAsString in ITERATING_METHODS && hasClosureArgument(call.arguments)) found << 'each'
                    super.visitMethodCallExpression(call)
                }

                void visitConstructorCallExpression(ConstructorCallExpression call) {
                    if (call.type.name in ['java.io.File', 'File']) found << 'File'
                    super.visitConstructorCallExpression(call)
                }
            }
        }
        assert found.sort() == ['File', 'each', 'execute', 'getenv', 'sh', 'sh']
        dir.toFile().deleteDir()
    }

    /** Parses {@code file} to the conversion phase and hands each class's visitor (or null) every class node. */
    static void visit(Path file, Closure<ClassCodeVisitorSupport> visitorFor) {
        CompilationUnit cu = new CompilationUnit()
        SourceUnit unit = cu.addSource(file.toFile())
        cu.compile(Phases.CONVERSION)
        ClassCodeVisitorSupport visitor = visitorFor(unit)
        if (visitor == null) {
            return
        }
        for (ClassNode c : unit.AST.classes) {
            visitor.visitClass(c)
            // A script's run() body and its methods are in the class node; closures are visited through it.
        }
    }

    static boolean constantScript(Expression arguments) {
        List<Expression> args = arguments instanceof TupleExpression ? ((TupleExpression) arguments).expressions : [arguments]
        if (args.size() == 1 && args[0] instanceof MapExpression) {
            Expression script = ((MapExpression) args[0]).mapEntryExpressions.find {
                it.keyExpression instanceof ConstantExpression && it.keyExpression.value == 'script'
            }?.valueExpression
            return script instanceof ConstantExpression && script.value instanceof String
        }
        return args.size() == 1 && args[0] instanceof ConstantExpression && args[0].value instanceof String
    }

    static boolean isSystem(Expression e) {
        return (e instanceof ClassExpression && e.type.name == 'java.lang.System') ||
                (e instanceof VariableExpression && e.name == 'System')
    }

    static boolean hasClosureArgument(Expression arguments) {
        List<Expression> args = arguments instanceof TupleExpression ? ((TupleExpression) arguments).expressions : [arguments]
        return args.any { it instanceof ClosureExpression }
    }
}
