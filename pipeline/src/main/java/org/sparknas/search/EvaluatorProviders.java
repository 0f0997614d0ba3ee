package org.sparknas.search;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import org.sparknas.config.ConfigException;
import org.sparknas.eval.EvaluatorProvider;

/** Finds the evaluator provider a configuration names ({@code evaluator.provider}), the supernet by default. */
final class EvaluatorProviders {

    static final String DEFAULT = "org.sparknas.eval.SupernetEvaluatorProvider";

    private EvaluatorProviders() {
    }

    static EvaluatorProvider load(Optional<String> className) {
        String name = className.orElse(DEFAULT);
        try {
            Class<?> type = Class.forName(name);
            if (!EvaluatorProvider.class.isAssignableFrom(type)) {
                throw new ConfigException("evaluator.provider '" + name + "' does not implement " + EvaluatorProvider.class.getName());
            }
            return (EvaluatorProvider) type.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new ConfigException("evaluator.provider '" + name + "' is not on the classpath; check the class name"
                    + " and add its jar (spark-submit --jars)", e);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new ConfigException("evaluator.provider '" + name + "' needs a public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new ConfigException("evaluator.provider '" + name + "' failed to start: " + e.getCause(), e.getCause());
        }
    }
}
