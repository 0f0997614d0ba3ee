package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.pytorch.jni.JniUtils;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.plugin.PluginContext;
import org.junit.jupiter.api.Test;
import org.sparknas.eval.DjlRuntime;

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

    /** A plugin context that answers only conf(), which is all the plugin reads. */
    private static PluginContext context(SparkConf conf) {
        return (PluginContext) Proxy.newProxyInstance(PluginContext.class.getClassLoader(), new Class<?>[] {PluginContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("conf")) {
                        return conf;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
