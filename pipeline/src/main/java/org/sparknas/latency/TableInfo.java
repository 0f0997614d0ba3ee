package org.sparknas.latency;

import java.io.Serializable;

/**
 * What a latency table was measured for and on: the space (by fingerprint, so a table of another
 * space is refused), the device name that its metrics carry ({@code latency_<device>_b<batch>}),
 * the compute device and thread count, the machine, the engine, and the measurement protocol.
 */
public record TableInfo(String spaceName, String spaceFingerprint, String device, String computeDevice, int threads,
                        String hardware, String engine, int warmup, int repeats, String created) implements Serializable {

    public TableInfo {
        DeviceNames.check(device);
    }
}
