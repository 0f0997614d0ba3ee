package org.sparknas.supernet;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes libtorch honour {@code TORCH_CPP_LOG_LEVEL}, PyTorch's switch for its C++ log: {@code ERROR}
 * drops "Could not initialize NNPACK! Reason: Unsupported hardware.", which libtorch 2.7 logs at
 * every convolution on a CPU NNPACK does not support (no AVX2), hundreds of lines per search.
 * libtorch reads the variable only in {@code c10::initLogging()}, which PyTorch's Python module
 * calls and DJL does not; this calls it, once per JVM, after the engine has loaded libtorch.
 * Unset, nothing is called and libtorch keeps its default (warnings shown).
 */
public final class TorchLogging {

    public static final String LEVEL_VARIABLE = "TORCH_CPP_LOG_LEVEL";
    /** {@code c10::initLogging()}, exported by libc10. */
    private static final String INIT_LOGGING = "_ZN3c1011initLoggingEv";
    /** RTLD_LAZY | RTLD_NOLOAD: the libc10 the engine loaded, never a second copy. */
    private static final int OPEN_LOADED = 0x1 | 0x4;
    private static final Logger LOG = LoggerFactory.getLogger(TorchLogging.class);
    private static volatile boolean applied;

    private TorchLogging() {
    }

    /** Loads DJL's PyTorch engine and applies {@code TORCH_CPP_LOG_LEVEL} to it; cheap after the first call. */
    public static Engine pytorch() {
        Engine engine = Engine.getEngine("PyTorch");
        if (!applied) {
            apply();
        }
        return engine;
    }

    private static synchronized void apply() {
        if (applied) {
            return;
        }
        applied = true;
        String level = System.getenv(LEVEL_VARIABLE);
        if (level == null || level.isBlank()) {
            return;
        }
        try {
            Path c10 = Path.of(LibUtils.getLibtorchPath()).resolve(System.mapLibraryName("c10"));
            NativeLibrary.getInstance(c10.toString(), Map.of(Library.OPTION_OPEN_FLAGS, OPEN_LOADED))
                    .getFunction(INIT_LOGGING).invokeVoid(new Object[0]);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("{}={} is not applied: libtorch's c10::initLogging could not be called ({}); libtorch logs at its"
                    + " default level", LEVEL_VARIABLE, level, e.toString());
        }
    }
}
