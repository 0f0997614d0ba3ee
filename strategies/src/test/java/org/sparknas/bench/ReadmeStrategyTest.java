package org.sparknas.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.StrictConfig;
import org.sparknas.strategy.CostEstimator;
import org.sparknas.strategy.Strategies;
import org.sparknas.strategy.Strategy;

/**
 * README's "Your own strategy" example, taken from README as it is, compiled against this module,
 * loaded through {@code strategy.class} and run on the tabular benchmark: what the README shows
 * compiles and searches.
 */
class ReadmeStrategyTest {

    private static final Pattern SECTION = Pattern.compile("## Your own strategy\\R(?s).*?```java\\R(.*?)```");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    private static final Pattern CLASS = Pattern.compile("(?m)^public class (\\w+)");
    private static final TabularBenchmark MACRO = TabularBenchmark.load(TabularBenchmarkTest.MACRO);
    private static final BenchTask TASK = new BenchTask("mean_acc", "flops");

    @TempDir
    Path dir;

    @Test
    void theReadmeStrategyCompilesLoadsByClassAndSearches() throws Exception {
        Matcher section = SECTION.matcher(Files.readString(Path.of("../README.md")));
        assertTrue(section.find(), "README.md needs a '## Your own strategy' section with a ```java block");
        String source = section.group(1);
        String className = match(PACKAGE, source) + "." + match(CLASS, source);
        compile(className, source);

        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            String config = "class = \"" + className + "\", mutation-probability = 0.3";
            Benchmark bench = new Benchmark(MACRO, TASK);
            Trace trace = bench.run(create(config, 1), MACRO.size(), 10);
            assertEquals(MACRO.size(), trace.queries(), "it proposes until the space is exhausted");
            assertEquals(MACRO.size(), new HashSet<>(trace.queried()).size(), "never the same architecture twice");
            assertEquals(1.0, bench.hypervolume().fraction(trace.points(MACRO.size())), 1e-12);
            assertEquals(MACRO.size(), create(config, 1).ask(MACRO.size() + 1).size(), "ask(n) stops at the end of the space");
            assertTrue(trace.queried().equals(bench.run(create(config, 1), MACRO.size(), 10).queried()),
                    "the same seed and asks give the same candidates");
            assertTrue(!trace.queried().equals(bench.run(create(config, 2), MACRO.size(), 10).queried()),
                    "another seed gives other candidates");
            assertEquals("hill-climber", create(config, 1).name());
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static Strategy create(String config, long seed) {
        return Strategies.create(new StrictConfig(ConfigFactory.parseString(config), "strategy"), MACRO.space(), TASK.goal(),
                CostEstimator.none(), seed);
    }

    private static String match(Pattern pattern, String source) {
        Matcher m = pattern.matcher(source);
        assertTrue(m.find(), "README's strategy example has no " + pattern);
        return m.group(1);
    }

    private void compile(String className, String source) throws IOException, URISyntaxException {
        Path file = dir.resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        String classpath = String.join(java.io.File.pathSeparator, List.of(location(Strategy.class),
                location(com.typesafe.config.Config.class)));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        boolean ok = javac.getTask(errors, null, null, List.of("-classpath", classpath, "-d", dir.toString(), "--release", "17"),
                null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(file)).call();
        assertTrue(ok, "README's strategy example does not compile:\n" + errors);
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
