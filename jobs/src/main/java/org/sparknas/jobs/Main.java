package org.sparknas.jobs;

import java.io.PrintWriter;
import org.sparknas.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The sparknas command line: one subcommand per job. Exit codes: 0 ok, 2 usage or
 * configuration error (nothing was started), 1 runtime failure.
 */
@Command(name = "sparknas", mixinStandardHelpOptions = true, version = "sparknas 0.1.0",
        description = "Hardware-aware neural architecture search on Apache Spark.",
        subcommands = {
            CommandLine.HelpCommand.class,
            SearchCommand.class,
            BenchStrategiesCommand.class,
            ReportCommand.class,
            RunsCommand.class,
            ProfileLatencyCommand.class,
            ValidateLatencyCommand.class,
            SpecializeCommand.class,
            TrainSupernetCommand.class,
            MeasureSupernetCommand.class,
        })
public final class Main {

    public static final int EXIT_OK = 0;
    public static final int EXIT_RUNTIME = 1;
    public static final int EXIT_CONFIG = 2;

    public static void main(String[] args) {
        int code = run(args);
        System.exit(code);
    }

    /** Runs a command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        // A later option wins, so scripts can append overrides to a fixed command line.
        cli.setOverwrittenOptionsAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            Throwable cause = e;
            while (cause instanceof RuntimeException && cause.getCause() instanceof ConfigException) {
                cause = cause.getCause();
            }
            if (cause instanceof ConfigException) {
                err.println("error: " + cause.getMessage());
                err.flush();
                return EXIT_CONFIG;
            }
            err.println("error: " + RuntimeFailure.describe(e));
            if (RuntimeFailure.stackTraceWanted()) {
                e.printStackTrace(err);
            }
            err.flush();
            return EXIT_RUNTIME;
        });
        return cli;
    }
}
