package org.sparknas.deploy;

import org.sparknas.config.ConfigException;
import org.sparknas.onnx.OnnxSession;

/** Opens an ONNX session in a JVM whose ONNX Runtime natives are made unloadable (OnnxExportTest); prints the error. */
public final class NativeLoadFailure {

    private NativeLoadFailure() {
    }

    public static void main(String[] args) {
        try {
            OnnxSession.open(new byte[0], 1).close();
            System.out.println("opened");
        } catch (ConfigException e) {
            System.out.println("error: " + e.getMessage());
            System.exit(2);
        }
    }
}
