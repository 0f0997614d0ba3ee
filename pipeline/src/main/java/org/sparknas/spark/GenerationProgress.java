package org.sparknas.spark;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Progress inside one generation's Spark job: every {@code every}, while the job runs, one line with
 * the tasks (candidates) done of the total, from Spark's status tracker. A generation shorter than
 * {@code every} prints nothing.
 */
final class GenerationProgress implements AutoCloseable {

    private final ScheduledExecutorService poll;

    GenerationProgress(JavaSparkContext jsc, String jobGroup, String description, PrintStream out, Duration every) {
        this.poll = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sparknas-generation-progress");
            t.setDaemon(true);
            return t;
        });
        long started = System.nanoTime();
        poll.scheduleWithFixedDelay(() -> {
            int total = 0;
            int done = 0;
            int running = 0;
            int failed = 0;
            for (int job : jsc.statusTracker().getJobIdsForGroup(jobGroup)) {
                SparkJobInfo info = jsc.statusTracker().getJobInfo(job);
                if (info == null) {
                    continue;
                }
                for (int stage : info.stageIds()) {
                    SparkStageInfo s = jsc.statusTracker().getStageInfo(stage);
                    if (s != null) {
                        total += s.numTasks();
                        done += s.numCompletedTasks();
                        running += s.numActiveTasks();
                        failed += s.numFailedTasks();
                    }
                }
            }
            if (total == 0) {
                return; // the job is not submitted yet
            }
            out.printf(Locale.ROOT, "  %s: %d/%d candidates evaluated, %d running%s, %ds%n", description, done, total, running,
                    failed > 0 ? ", " + failed + " task attempts failed (Spark retries them)" : "",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            out.flush();
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        poll.shutdownNow();
    }
}
