package org.sparknas.jobs;

import com.typesafe.config.Config;
import java.util.Set;
import org.sparknas.data.ImageReadException;
import org.sparknas.eval.Evaluator;
import org.sparknas.eval.EvaluatorFactory;
import org.sparknas.eval.EvaluatorProvider;
import org.sparknas.space.SearchSpace;
import org.sparknas.strategy.Metrics;
import org.sparknas.supernet.ComputeDevice;

/**
 * An evaluator whose executors cannot read one of their images, as a truncated file in an image
 * folder read with {@code data.delivery = executors}: its creation on the executor throws.
 */
public final class UnreadableImagesProvider implements EvaluatorProvider {

    static final String IMAGE = "hdfs://nn/photos/cat/00042.jpg";

    @Override
    public Prepared prepare(SearchSpace space, Config config, FileReader files) {
        return new Prepared(new Factory(), "unreadable-v1");
    }

    record Factory() implements EvaluatorFactory {

        @Override
        public Evaluator create(ComputeDevice device, int threads) {
            throw new ImageReadException("cannot decode image " + IMAGE + " (truncated JPEG); replace or remove it");
        }

        @Override
        public Set<String> metrics() {
            return Set.of(Metrics.ACCURACY, Metrics.LOSS, Metrics.MACS, Metrics.PARAMS, Metrics.MODEL_BYTES);
        }

        @Override
        public String describe() {
            return "an evaluator whose executors cannot read an image (tests)";
        }
    }
}
