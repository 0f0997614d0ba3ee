package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.JniUtils;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.plugin.PluginContext;
import org.junit.jupiter.api.Test;
import org.sparknas.supernet.DjlRuntime;

class EnginePreloadPluginTest {

    @Test
    void executorStartBringsUpTheEngineWithTheThreadsOfATask() {
        DjlRuntime.start(0); // loaded already (the test JVM is shared), so that its thread count can be restored
        int before = JniUtils.getNumThreads();
        try {
            new EnginePreloadPlugin().executorPlugin().init(context(new SparkConf().set("spark.task.cpus", "2")), Map.of());
            assertEquals(2, JniUtils.getNumThreads(), "intra-op threads follow spark.task.cpus");
        } finally {
            JniUtils.setNumThreads(before);
        }
    }

    @Test
    void onlyExecutorsHaveAPart() {
        assertNull(new EnginePreloadPlugin().driverPlugin());
    }

    @Test
    void anEngineThatCannotStartOnlyWarnsAtExecutorStartAndTheFirstTaskFailsWithTheError() throws Exception {
        // a PyTorch version with no natives, offline: what an executor without the right natives meets
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Dai.djl.offline=true",
                "-DPYTORCH_VERSION=1.0.0", "-cp", System.getProperty("java.class.path"),
                EngineStartFailureChildMain.class.getName());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("sparknas: DJL engine could not start at executor start; the first task will try"
                + " again and report the error"), output);
        assertTrue(output.contains("EXECUTOR STARTED"), "the plugin must not fail the executor's start: " + output);
        assertTrue(output.contains("FIRST TASK FAILED: java.lang.IllegalStateException: DJL's PyTorch engine could not"
                + " start in this JVM (ai.djl.engine.EngineException"), output);
        assertTrue(output.contains("pytorch-native-cpu 2.7.1"), "the error says which natives are missing: " + output);
        assertFalse(output.contains("FIRST TASK STARTED THE ENGINE"), output);
    }

    /** A plugin context that answers only conf(), which is all the plugin reads. */
    static PluginContext context(SparkConf conf) {
        return (PluginContext) Proxy.newProxyInstance(PluginContext.class.getClassLoader(), new Class<?>[] {PluginContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("conf")) {
                        return conf;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
