package org.sparknas.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.sparknas.supernet.DjlRuntime;

/**
 * An executor whose PyTorch engine cannot start, in a JVM of its own (a JVM loads the engine only
 * once): the plugin's start at executor start, then what the first task does first. Prints what
 * each step did, for {@link EnginePreloadPluginTest}.
 */
public final class EngineStartFailureChildMain {

    private EngineStartFailureChildMain() {
    }

    public static void main(String[] args) {
        new EnginePreloadPlugin().executorPlugin().init(EnginePreloadPluginTest.context(new SparkConf()), Map.of());
        System.out.println("EXECUTOR STARTED");
        try {
            System.out.println("FIRST TASK STARTED THE ENGINE: " + DjlRuntime.start(1));
        } catch (RuntimeException | LinkageError e) {
            System.out.println("FIRST TASK FAILED: " + e);
        }
    }
}
