package org.sparknas.jobs;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.GenericRow;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;

/**
 * The package graph of all three modules (this module sees every class): no loops, the strategies
 * module free of the pipeline and its engines, Spark kept to distributed execution, and a table of
 * which pipeline package may use which, so that a package that reaches up fails here with its name.
 */
@AnalyzeClasses(packages = "org.sparknas", importOptions = PackageRulesTest.MainClassesOnly.class)
class PackageRulesTest {

    /** The production classes only: test fixtures may reach across packages to set up a case. */
    static final class MainClassesOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/") && !location.matches(java.util.regex.Pattern.compile(".*-tests\\.jar.*"));
        }
    }

    private static final String[] STRATEGIES_MODULE = {
        "org.sparknas.config..", "org.sparknas.space..", "org.sparknas.pareto..", "org.sparknas.strategy..",
        "org.sparknas.bench.."};

    /**
     * What each package of the pipeline may use of org.sparknas besides itself, lowest first. A package
     * may use only packages listed before it; jobs (the commands) may use everything.
     */
    static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
            Map.entry("chart", Set.of()),
            Map.entry("files", Set.of("config")),
            Map.entry("data", Set.of("config", "files")),
            Map.entry("supernet", Set.of("config", "space", "data", "files")),
            Map.entry("onnx", Set.of("config", "space", "data", "supernet")),
            Map.entry("deploy", Set.of("config", "space", "files", "data", "supernet", "onnx")),
            Map.entry("store", Set.of("config", "space", "pareto", "strategy", "files")),
            Map.entry("latency", Set.of("config", "space", "pareto", "strategy", "files", "data", "supernet", "onnx",
                    "store")),
            Map.entry("eval", Set.of("config", "space", "strategy", "files", "data", "supernet", "onnx", "latency")),
            Map.entry("report", Set.of("config", "space", "pareto", "strategy", "chart", "store", "latency")),
            Map.entry("train", Set.of("config", "space", "strategy", "chart", "files", "data", "supernet", "eval")),
            Map.entry("spark", Set.of("config", "space", "strategy", "files", "supernet", "store", "latency", "eval")),
            Map.entry("search", Set.of("config", "space", "pareto", "strategy", "files", "data", "supernet", "deploy",
                    "store", "latency", "eval", "spark")));

    private static final Set<String> PIPELINE = new TreeSet<>(MAY_USE.keySet());

    @ArchTest
    static final ArchRule packagesFormNoLoops = slices().matching("org.sparknas.(*)..").should().beFreeOfCycles()
            .because("a loop between packages means neither can be understood, tested or moved without the other");

    @ArchTest
    static final ArchRule strategiesModuleIsPure = noClasses().that().resideInAnyPackage(STRATEGIES_MODULE)
            .should().dependOnClassesThat().resideInAnyPackage(concat(
                    new String[] {"org.apache.spark..", "ai.djl..", "org.apache.hadoop..", "org.apache.parquet.."},
                    packages(new TreeSet<>(List.of("jobs")), PIPELINE)))
            .because("strategies, spaces and the benchmark run without Spark, DJL, Hadoop or the pipeline");

    @ArchTest
    static final ArchRule onlyExecutionUsesSpark = noClasses().that()
            .resideOutsideOfPackages("org.sparknas.spark..", "org.sparknas.search..", "org.sparknas.jobs..",
                    "org.sparknas.store.parquet..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.spark..")
            .because("Spark is the distributed execution (spark), what drives it (search) and the commands (jobs)");

    /** The Parquet store writes and reads Spark's rows, its row model, but runs no Spark job. */
    @ArchTest
    static final ArchRule storeUsesSparkRowsOnly = noClasses().that().resideInAPackage("org.sparknas.store.parquet..")
            .should().dependOnClassesThat(resideInAPackage("org.apache.spark..")
                    .and(not(resideInAPackage("org.apache.spark.sql.types..")))
                    .and(not(belongToAnyOf(Row.class, RowFactory.class, GenericRow.class, GenericRowWithSchema.class))))
            .because("the store's files are written by the driver directly; only Spark's Row and types are its row model");

    @ArchTest
    static final ArchRule storeContractKnowsNoImplementation = noClasses().that().resideInAPackage("org.sparknas.store")
            .should().dependOnClassesThat().resideInAPackage("org.sparknas.store.parquet..")
            .because("store is the contract; store.parquet implements it");

    @ArchTest
    static final ArchRule reportReadsThroughTheContract = noClasses().that().resideInAPackage("org.sparknas.report..")
            .should().dependOnClassesThat().resideInAPackage("org.sparknas.store.parquet..")
            .because("reports read runs through store.RunSource; the command chooses its implementation");

    @ArchTest
    static void pipelinePackagesDoNotReachUp(JavaClasses classes) {
        for (String pkg : PIPELINE) {
            Set<String> forbidden = new TreeSet<>(PIPELINE);
            forbidden.add("jobs");
            forbidden.remove(pkg);
            forbidden.removeAll(MAY_USE.get(pkg));
            noClasses().that().resideInAPackage("org.sparknas." + pkg + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(packages(forbidden, Set.of()))
                    .because(pkg + " may use only " + new TreeSet<>(MAY_USE.get(pkg))
                            + " of the pipeline (PackageRulesTest.MAY_USE): move the shared class down instead")
                    .check(classes);
        }
    }

    private static String[] packages(Set<String> names, Set<String> more) {
        List<String> all = new ArrayList<>();
        for (String n : names) {
            all.add("org.sparknas." + n + "..");
        }
        for (String n : more) {
            all.add("org.sparknas." + n + "..");
        }
        return all.toArray(String[]::new);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
