package org.sparknas.jobs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the CLI in a JVM of its own (the driver a test can kill), with the tests' classpath. */
final class ChildJvm {

    private ChildJvm() {
    }

    static String testClasspath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    static Process start(Path log, List<String> args) throws IOException {
        return start(log, args, "1g");
    }

    static Process start(Path log, List<String> args, String maxHeap) throws IOException {
        return start(log, args, maxHeap, Path.of("."));
    }

    /** As {@link #start(Path, List, String)}, in {@code workingDir} (relative paths in {@code args} are the child's). */
    static Process start(Path log, List<String> args, String maxHeap, Path workingDir) throws IOException {
        return start(log, args, maxHeap, workingDir, List.of(), testClasspath());
    }

    /** With more JVM options (system properties) and a classpath of the caller's. */
    static Process start(Path log, List<String> args, String maxHeap, List<String> jvmOptions, String classpath)
            throws IOException {
        return start(log, args, maxHeap, Path.of("."), jvmOptions, classpath);
    }

    private static Process start(Path log, List<String> args, String maxHeap, Path workingDir, List<String> jvmOptions,
                                 String classpath) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@" + Path.of("../conf/jvm.opts").toAbsolutePath().normalize());
        command.add("-Xmx" + maxHeap);
        command.add("-Dlog4j2.configurationFile=" + Path.of("src/test/resources/log4j2-test.properties").toAbsolutePath());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add("org.sparknas.jobs.Main");
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.directory(workingDir.toFile());
        return pb.start();
    }
}
