package org.sparknas.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Set;
import org.sparknas.config.ConfigException;
import org.sparknas.data.ImageCollection;
import org.sparknas.data.ImageDelivery;
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
 * serialisable data. The images are either decoded ({@link ImageSet}s: the broadcast carries their
 * bytes) or undecoded selections that each executor JVM reads from storage once, through
 * {@link ExecutorImages} (see {@link ImageDelivery}); either way fidelity F is the first F validation
 * images. The constructor checks the weights (format, checksum, space) on the driver, so a bad file
 * stops the run before any Spark job; {@link #create} builds the DJL supernet once per executor JVM
 * and device.
 */
public final class SupernetEvaluatorFactory implements EvaluatorFactory {

    private static final long serialVersionUID = 1L;
    /** The largest Java byte array HotSpot allocates. */
    static final long MAX_DECODED = Integer.MAX_VALUE - 8;

    private final byte[] weights;
    private final String weightsSource;
    private final String spaceDefinition;
    private final String spaceFingerprint;
    private final String checksum;
    private final ImageCollection calibration;
    private final ImageCollection validation;
    private final int batchSize;
    /** How the images travel and why (the start-up log's words); where executors cache what they read. */
    private final String delivery;
    private final String cacheDir;

    /**
     * @param weights       the bytes of a supernet weights file
     * @param weightsSource where they were read from (named in errors)
     * @param calibration   the fixed BatchNorm calibration images (OFA: 2,000 training images)
     * @param validation    the held-out validation images; fidelity F uses the first F
     * @throws ConfigException when the weights are damaged or belong to another space
     */
    public SupernetEvaluatorFactory(OfaSpace space, byte[] weights, String weightsSource, ImageSet calibration,
                                    ImageSet validation, int batchSize) {
        this(space, weights, weightsSource, calibration, validation, batchSize, "broadcast", "");
    }

    /**
     * @param calibration decoded ({@link ImageSet}, broadcast) or undecoded (read by each executor JVM)
     * @param validation  likewise
     * @param delivery    how the images travel and why, for {@link #describe}
     * @param cacheDir    where executors keep what they decode ({@link ImageDelivery#cacheDir()})
     */
    public SupernetEvaluatorFactory(OfaSpace space, byte[] weights, String weightsSource, ImageCollection calibration,
                                    ImageCollection validation, int batchSize, String delivery, String cacheDir) {
        SupernetWeights parsed = SupernetWeights.parse(weights, weightsSource).requireSpace(space);
        for (ImageCollection set : new ImageCollection[] {calibration, validation}) {
            if (set.count() == 0) {
                throw new ConfigException("images " + set.describe() + ": evaluation needs at least one calibration and"
                        + " one validation image");
            }
            SpaceFit.mismatch(space, "images " + set.describe(), set.channels(), set.numClasses()).ifPresent(message -> {
                throw new ConfigException(message);
            });
        }
        String[] keys = {"data.calibration-size", "data.validation-size"};
        ImageCollection[] sets = {calibration, validation};
        for (int i = 0; i < sets.length; i++) {
            long bytes = (long) sets[i].count() * sets[i].imageSize();
            if (bytes > MAX_DECODED) {
                // decoded images are one Java array, on the driver or on an executor
                throw new ConfigException("'" + keys[i] + "': " + sets[i].count() + " images of " + sets[i].channels() + "x"
                        + sets[i].height() + "x" + sets[i].width() + " take " + ImageDelivery.size(bytes) + " decoded, more"
                        + " than the " + ImageDelivery.size(MAX_DECODED) + " one evaluation set can hold; use fewer images");
            }
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
        this.delivery = delivery;
        this.cacheDir = cacheDir;
    }

    @Override
    public Evaluator create(ComputeDevice device, int threads) {
        SupernetWeights parsed = SupernetWeights.parse(weights, weightsSource);
        if (!parsed.space().networkFingerprint().equals(spaceFingerprint)) {
            throw new IllegalStateException("broadcast weights do not match the broadcast space " + spaceDefinition);
        }
        // Before any native memory is taken: an image that cannot be read fails the task, not a candidate.
        ImageSet calibrationImages = ExecutorImages.of(calibration, cacheDir);
        ImageSet validationImages = ExecutorImages.of(validation, cacheDir);
        Engine engine = DjlRuntime.configure(threads);
        NDManager manager = NDManager.newBaseManager(DjlRuntime.device(engine, device), engine.getEngineName());
        try {
            OfaSpace space = SpaceCodec.fromConfig(ConfigFactory.parseString(spaceDefinition), "the broadcast space");
            return SupernetEvaluator.load(parsed, space, calibrationImages, validationImages, batchSize, threads, manager);
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
        return "supernet " + weightsSource + " (sha256 " + checksum.substring(0, 12) + "), BN re-calibration on the first min(fidelity, "
                + calibration.count() + ") images in batches of " + batchSize + ", accuracy on up to " + validation.count()
                + " validation images; images " + delivery;
    }
}
