package org.sparknas.spark;

import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.sparknas.supernet.ComputeDevice;

/** The device a running task should use: the GPU Spark assigned to it, else the CPU. */
final class TaskDevices {

    private TaskDevices() {
    }

    static ComputeDevice of(TaskContext task) {
        Map<String, ResourceInformation> resources = task.resourcesJMap();
        ResourceInformation gpu = resources.get("gpu");
        if (gpu == null || gpu.addresses().length == 0) {
            return ComputeDevice.CPU;
        }
        String address = gpu.addresses()[0];
        try {
            return ComputeDevice.gpu(Integer.parseInt(address.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Spark assigned GPU address '" + address + "', which is not a device index;"
                    + " make the GPU discovery script print indices such as \"0\"", e);
        }
    }
}
