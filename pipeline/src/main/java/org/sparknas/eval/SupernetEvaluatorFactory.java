package org.sparknas.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Set;
import org.sparknas.config.ConfigException;
import org.sparknas.data.ImageSet;
import com.typesafe.config.ConfigFactory;
import org.sparknas.space.OfaSpace;
import org.sparknas.supernet.ComputeDevice;
import org.sparknas.supernet.DjlRuntime;
import org.sparknas.supernet.SpaceCodec;
import org.sparknas.supernet.SupernetWeights;

/**
 * What the Spark driver broadcasts for supernet evaluation: the bytes of the weights file, the
 * definition of the space the search uses, and the calibration and validation images, all plain
 * serialisable data. The constructor checks the weights (format, checksum, space) on the driver, so
 * a bad file stops the run before any Spark job; {@link #create} builds the DJL supernet once per
 * executor JVM and device.
 */
public final class SupernetEvaluatorFactory implements EvaluatorFactory {

    private static final long serialVersionUID = 1L;

    private final byte[] weights;
    private final String weightsSource;
    private final String spaceDefinition;
    private final String spaceFingerprint;
    private final String checksum;
    private final ImageSet calibration;
    private final ImageSet validation;
    private final int batchSize;

    /**
     * @param weights       the bytes of a supernet weights file
     * @param weightsSource where they were read from (named in errors)
     * @param calibration   the fixed BatchNorm calibration images (OFA: 2,000 training images)
     * @param validation    the held-out validation images; fidelity F uses the first F
     * @throws ConfigException when the weights are damaged or belong to another space
     */
    public SupernetEvaluatorFactory(OfaSpace space, byte[] weights, String weightsSource, ImageSet calibration,
                                    ImageSet validation, int batchSize) {
        SupernetWeights parsed = SupernetWeights.parse(weights, weightsSource).requireSpace(space);
        for (ImageSet set : new ImageSet[] {calibration, validation}) {
            if (set.count() == 0) {
                throw new ConfigException("images " + set + ": evaluation needs at least one calibration and one validation image");
            }
            SpaceFit.mismatch(space, "images " + set, set.channels(), set.numClasses()).ifPresent(message -> {
                throw new ConfigException(message);
            });
        }
        if (batchSize <= 0) {
            throw new ConfigException("evaluation batch size must be positive, got " + batchSize);
        }
        this.weights = weights;
        this.weightsSource = weightsSource;
        this.spaceDefinition = SpaceCodec.toConfig(space).root().render(com.typesafe.config.ConfigRenderOptions.concise());
        // The network's: the weights' own space may lack the precisions the configured space declares.
        this.spaceFingerprint = space.networkFingerprint();
        this.checksum = parsed.checksum();
        this.calibration = calibration;
        this.validation = validation;
        this.batchSize = batchSize;
    }

    @Override
    public Evaluator create(ComputeDevice device, int threads) {
        SupernetWeights parsed = SupernetWeights.parse(weights, weightsSource);
        if (!parsed.space().networkFingerprint().equals(spaceFingerprint)) {
            throw new IllegalStateException("broadcast weights do not match the broadcast space " + spaceDefinition);
        }
        Engine engine = DjlRuntime.configure(threads);
        NDManager manager = NDManager.newBaseManager(DjlRuntime.device(engine, device), engine.getEngineName());
        try {
            OfaSpace space = SpaceCodec.fromConfig(ConfigFactory.parseString(spaceDefinition), "the broadcast space");
            return SupernetEvaluator.load(parsed, space, calibration, validation, batchSize, threads, manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public Set<String> metrics() {
        return SupernetEvaluator.METRICS;
    }

    /** SHA-256 of the supernet's parameters: part of what identifies a trial. */
    public String supernetChecksum() {
        return checksum;
    }

    @Override
    public String describe() {
        return "supernet " + weightsSource + " (sha256 " + checksum.substring(0, 12) + "), BN re-calibration on "
                + calibration.count() + " images in batches of " + batchSize + ", accuracy on up to " + validation.count()
                + " validation images";
    }
}
