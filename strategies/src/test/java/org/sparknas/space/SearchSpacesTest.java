package org.sparknas.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparknas.config.ConfigException;
import org.sparknas.config.StrictConfig;

class SearchSpacesTest {

    private static SearchSpace parse(String hocon) {
        return SearchSpaces.fromConfig(new StrictConfig(ConfigFactory.parseString(hocon), "").object("space"));
    }

    private static String error(String hocon) {
        return assertThrows(ConfigException.class, () -> parse(hocon)).getMessage();
    }

    private static final String OFA = "space { type = ofa, name = t, num-classes = 10, resolutions = [28],"
            + " stem { channels = 8, stride = 2 }, head { channels = 32 },"
            + " stages = [ { channels = 8, stride = 2, depths = [1, 2], kernels = [3, 5], expand-ratios = [2, 3] } ] }";

    @Test
    void readsAnOfaSpace() {
        OfaSpace space = (OfaSpace) parse(OFA);
        assertEquals(List.of("resolution", "depth.1", "kernel.1.1", "kernel.1.2", "expand.1.1", "expand.1.2"),
                space.dimensionNames());
    }

    @Test
    void readsCategoricalSpacesBothWays() {
        SearchSpace nb201 = SearchSpaces.load(Path.of("../conf/spaces/nb201.conf"));
        assertEquals(6, nb201.dimensions().size());
        assertEquals(15625, nb201.size().intValue());
        assertEquals("4,2,1,2,1,1", nb201.parse("4,2,1,2,1,1").key());
        SearchSpace explicit = parse("space { type = categorical, name = x, dimensions = [ { name = a, choices = [1, 2] },"
                + " { name = b, choices = [5] } ] }");
        assertEquals(List.of("a", "b"), explicit.dimensionNames());
    }

    @Test
    void refusesUnknownKeysWithTheirPath() {
        String message = error(OFA.replace("stride = 2, depths", "stride = 2, dephts = [1], depths"));
        assertTrue(message.contains("'space.stages[0].dephts'"), message);
    }

    @Test
    void refusesUnknownTypes() {
        String message = error("space { type = transformer, name = t }");
        assertTrue(message.contains("unknown search space type 'transformer'"), message);
    }

    @Test
    void refusesEmptyChoiceLists() {
        String message = error(OFA.replace("kernels = [3, 5]", "kernels = []"));
        assertTrue(message.contains("kernels") && message.contains("empty"), message);
        message = error("space { type = categorical, name = c, count = 3, choices = [] }");
        assertTrue(message.contains("choices") && message.contains("empty"), message);
    }

    @Test
    void refusesImpossibleShapes() {
        assertTrue(error(OFA.replace("kernels = [3, 5]", "kernels = [3, 4]")).contains("odd"));
        assertTrue(error(OFA.replace("stride = 2, depths", "stride = 3, depths")).contains("1 or 2"));
        assertTrue(error(OFA.replace("depths = [1, 2]", "depths = [2, 1]")).contains("ascending"));
        assertTrue(error(OFA.replace("depths = [1, 2]", "depths = \"two\"")).contains("list of integers"));
    }

    @Test
    void refusesAMissingFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> SearchSpaces.load(Path.of("no/such.conf")));
        assertTrue(e.getMessage().contains("no/such.conf"), e.getMessage());
    }
}
