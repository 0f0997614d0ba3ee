package org.sparknas.jobs;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on 127.0.0.1: one Master and N Workers, each a JVM of its own,
 * started from a SPARK_HOME that holds only Spark's jars ({@code target/spark-home}, filled by the
 * build). Workers can announce GPUs through a discovery script, so GPU scheduling is exercised
 * without a GPU.
 */
final class LocalStandaloneCluster implements AutoCloseable {

    private final Path sparkHome;
    private final Path work;
    private final List<Process> processes = new ArrayList<>();
    private final int port;

    private LocalStandaloneCluster(Path sparkHome, Path work, int port) {
        this.sparkHome = sparkHome;
        this.work = work;
        this.port = port;
    }

    /** Starts a Master and {@code workers} Workers of one core each; waits until the Master accepts connections. */
    static LocalStandaloneCluster start(Path work, int workers, boolean announceGpu) throws Exception {
        Path sparkHome = Path.of("target/spark-home").toAbsolutePath();
        if (!Files.isDirectory(sparkHome.resolve("jars"))) {
            throw new IllegalStateException(sparkHome + "/jars is missing: run the tests with 'mvn verify' (the build copies"
                    + " Spark's jars there in pre-integration-test)");
        }
        Files.createDirectories(work);
        LocalStandaloneCluster cluster = new LocalStandaloneCluster(sparkHome, work, freePort());
        try {
            cluster.launch("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", Integer.toString(cluster.port), "--webui-port", Integer.toString(freePort())), List.of());
            cluster.awaitPort(cluster.port);
            for (int i = 0; i < workers; i++) {
                Path workDir = Files.createDirectories(work.resolve("worker-" + i));
                List<String> props = new ArrayList<>();
                if (announceGpu) {
                    Path script = work.resolve("gpu-discovery-" + i + ".sh");
                    Files.writeString(script, "#!/bin/sh\necho '{\"name\":\"gpu\",\"addresses\":[\"" + i + "\"]}'\n");
                    script.toFile().setExecutable(true);
                    props.add("-Dspark.worker.resource.gpu.amount=1");
                    props.add("-Dspark.worker.resource.gpu.discoveryScript=" + script);
                }
                cluster.launch("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--cores", "1", "--memory", "1536m", "--webui-port", Integer.toString(freePort()),
                        "--work-dir", workDir.toString(), cluster.masterUrl()), props);
            }
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + port;
    }

    Path sparkHome() {
        return sparkHome;
    }

    /** Runs spark-submit (client mode, the driver in a JVM of its own) and returns its exit code. */
    int submit(Path log, List<String> sparkSubmitArgs) throws Exception {
        return submit(log, List.of(), sparkSubmitArgs);
    }

    /** As {@link #submit(Path, List)}, the driver JVM also given {@code driverJvmOptions} (after conf/jvm.opts, so they win). */
    int submit(Path log, List<String> driverJvmOptions, List<String> sparkSubmitArgs) throws Exception {
        List<String> jvm = new ArrayList<>(List.of("@" + Path.of("../conf/jvm.opts").toAbsolutePath().normalize(), "-Xmx1g"));
        jvm.addAll(driverJvmOptions);
        List<String> command = new ArrayList<>(javaCommand(jvm));
        command.add("org.apache.spark.deploy.SparkSubmit");
        command.addAll(List.of("--master", masterUrl(), "--conf", "spark.driver.host=127.0.0.1"));
        command.addAll(sparkSubmitArgs);
        Process p = process(command, log);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("spark-submit did not finish in 10 minutes; see " + log);
        }
        return p.exitValue();
    }

    private void launch(String name, List<String> mainAndArgs, List<String> props) throws IOException {
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
        jvm.addAll(props);
        List<String> command = new ArrayList<>(javaCommand(jvm));
        command.addAll(mainAndArgs);
        processes.add(process(command, work.resolve(name + ".log")));
    }

    private List<String> javaCommand(List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(sparkHome.resolve("jars") + "/*");
        return command;
    }

    private Process process(List<String> command, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    private void awaitPort(int p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", p)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the Spark master did not open port " + p + " in 60 s; see " + work.resolve("master.log"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Stops the workers, then the master (SIGTERM, then SIGKILL after 10 s). */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
