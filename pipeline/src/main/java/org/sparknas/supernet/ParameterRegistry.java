package org.sparknas.supernet;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/** Creates a named parameter of a fixed shape and registers it with the block that owns it. */
@FunctionalInterface
interface ParameterRegistry {

    Parameter register(String name, Parameter.Type type, Shape shape);
}
