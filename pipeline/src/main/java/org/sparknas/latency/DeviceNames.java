package org.sparknas.latency;

import java.util.regex.Pattern;
import org.sparknas.config.ConfigException;

/**
 * Device names are part of metric names ({@code latency_cpu_b1}), which constraints and objectives
 * parse, so they are kept to lower-case letters and digits.
 */
public final class DeviceNames {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*");

    private DeviceNames() {
    }

    public static String check(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ConfigException("device name '" + name + "' must be lower-case letters and digits starting with a"
                    + " letter (e.g. cpu, gpu, a100, cpu2t): it becomes part of metric names like latency_<device>_b1");
        }
        return name;
    }
}
