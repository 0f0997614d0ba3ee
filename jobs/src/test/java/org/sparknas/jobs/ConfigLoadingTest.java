package org.sparknas.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that reads a configuration loads it the same way ({@code ConfigLoader}), so a
 * missing file, a file that does not parse and a bad {@code --set} read the same in each; and the
 * renamed generation batch is refused with its new name. All of it fails before Spark or DJL start.
 */
class ConfigLoadingTest {

    @TempDir
    Path tmp;

    /** The error line of a run that must stop with exit code 2, the file name made neutral. */
    private static String errorLine(CliRun run, String file) {
        assertEquals(2, run.exitCode(), run.output());
        String line = run.output().lines().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow(
                () -> new AssertionError("no error line in: " + run.output()));
        return file.isEmpty() ? line : line.replace(file, "FILE");
    }

    @Test
    void aBadSetReadsTheSameInSearchSpecializeAndTrainSupernet() {
        String search = errorLine(CliRun.of("search", "--config", "../conf/search.conf", "--set", "a..b=1"), "");
        String train = errorLine(CliRun.of("train-supernet", "--config", "../conf/train.conf", "--set", "a..b=1"), "");
        String specialize = errorLine(CliRun.of("specialize", "--config", "../conf/search.conf", "--output",
                tmp.toString(), "--set", "a..b=1"), "");
        assertTrue(search.startsWith("error: cannot apply --set a..b=1: 'a..b' is not a configuration key"), search);
        assertEquals(search, train);
        assertEquals(search, specialize);
    }

    @Test
    void aMissingOrBrokenFileReadsTheSameInEachCommand() throws Exception {
        String missing = tmp.resolve("missing.conf").toString();
        String search = errorLine(CliRun.of("search", "--config", missing), missing);
        assertEquals("error: configuration file FILE does not exist; give an existing file with --config", search);
        assertEquals(search, errorLine(CliRun.of("train-supernet", "--config", missing), missing));

        String broken = Files.writeString(tmp.resolve("broken.conf"), "search {\n").toString();
        String searchBroken = errorLine(CliRun.of("search", "--config", broken), broken);
        assertTrue(searchBroken.startsWith("error: cannot read FILE: "), searchBroken);
        assertEquals(searchBroken, errorLine(CliRun.of("train-supernet", "--config", broken), broken));
    }

    @Test
    void theOldNameOfTheGenerationSizeIsRefusedWithItsNewName() {
        CliRun set = CliRun.of("search", "--config", "../conf/search.conf", "--set", "search.population=8");
        String line = errorLine(set, "");
        assertTrue(line.startsWith("error: search.population was renamed search.generation-size"), line);
        assertTrue(line.contains("write search.generation-size = 8"), line);
        assertEquals(1, set.output().lines().count(), set.output());

        CliRun option = CliRun.of("search", "--config", "../conf/search.conf", "--population", "8");
        assertEquals(2, option.exitCode(), option.output());
        assertTrue(option.output().contains("--population was renamed --generation-size"), option.output());
    }
}
