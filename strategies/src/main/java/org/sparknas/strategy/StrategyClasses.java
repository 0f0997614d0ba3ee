package org.sparknas.strategy;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import org.sparknas.config.ConfigException;
import org.sparknas.config.StrictConfig;

/**
 * Loads a strategy class of one's own, named in {@code strategy.class}, through the thread's
 * context class loader (which sees the jars given to Spark or the command), and builds it from a
 * {@link StrategyContext}. Each way this can go wrong is one message naming the key and the fix.
 */
final class StrategyClasses {

    private StrategyClasses() {
    }

    static Class<?> load(StrictConfig strategy) {
        String name = strategy.string(StrategySettings.CLASS);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Class<?> type;
        try {
            type = Class.forName(name, true, loader != null ? loader : StrategyClasses.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw strategy.error(StrategySettings.CLASS, "'" + name + "' is not on the classpath (" + e
                    + "); check the class name and add its jar to the classpath");
        }
        if (!Strategy.class.isAssignableFrom(type)) {
            throw strategy.error(StrategySettings.CLASS, "'" + name + "' does not implement " + Strategy.class.getName());
        }
        return type;
    }

    static Strategy create(StrictConfig strategy, StrategyContext context) {
        Class<?> type = load(strategy);
        String name = type.getName();
        Constructor<?> constructor;
        try {
            constructor = type.getConstructor(StrategyContext.class);
        } catch (NoSuchMethodException e) {
            throw strategy.error(StrategySettings.CLASS, "'" + name + "' needs a public constructor taking a "
                    + StrategyContext.class.getName());
        }
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            throw strategy.error(StrategySettings.CLASS, "'" + name + "' must be a public, concrete class");
        }
        try {
            return (Strategy) constructor.newInstance(context);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof ConfigException c) {
                throw c;
            }
            throw strategy.error(StrategySettings.CLASS, "'" + name + "' failed to start: " + e.getCause());
        } catch (InstantiationException | IllegalAccessException e) {
            throw strategy.error(StrategySettings.CLASS, "'" + name + "' cannot be instantiated: " + e);
        }
    }
}
