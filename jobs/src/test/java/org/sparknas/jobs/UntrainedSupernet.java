package org.sparknas.jobs;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.supernet.SupernetWeights;
import org.sparknas.supernet.TrainingInfo;

/** Writes a seeded, untrained supernet of the default space: enough to test the plumbing end to end. */
final class UntrainedSupernet {

    private UntrainedSupernet() {
    }

    static Path write(Path file, long seed) {
        OfaSpace space = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
        try (NDManager manager = NDManager.newBaseManager()) {
            ElasticSupernet supernet = new ElasticSupernet(space);
            supernet.initializeWeights(manager, seed);
            SupernetWeights.save(supernet, InputNormalization.FASHION_MNIST, TrainingInfo.untrained(seed), file);
        }
        return file;
    }
}
