package org.sparknas.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.sparknas.config.ConfigException;
import org.sparknas.space.Architecture;
import org.sparknas.space.CategoricalSpace;
import org.sparknas.space.Dimension;
import org.sparknas.space.InvalidArchitectureException;
import org.sparknas.space.SearchSpace;

/**
 * A whole-space tabular NAS benchmark (NAS-Bench-201, NAS-Bench-Macro...): one row per
 * architecture, an {@code encoding} column of comma-separated integers, and numeric metric
 * columns measured by the benchmark's authors. A query is one look-up. Columns that are not
 * numbers in every row (e.g. NAS-Bench-201's {@code arch_str}) are not metrics.
 */
public final class TabularBenchmark {

    public static final String ENCODING = "encoding";

    private final String name;
    private final SearchSpace space;
    private final List<String> metrics;
    private final double[][] values;
    private final Map<Architecture, Integer> rows;

    private TabularBenchmark(String name, SearchSpace space, List<String> metrics, double[][] values,
                             Map<Architecture, Integer> rows) {
        this.name = name;
        this.space = space;
        this.metrics = List.copyOf(metrics);
        this.values = values;
        this.rows = rows;
    }

    /** Loads a table and derives its space: one dimension per encoding position ({@code x1..xN}), the values it takes. */
    public static TabularBenchmark load(Path csv) {
        return load(csv, Optional.empty());
    }

    /**
     * Loads a table whose encodings must be points of {@code space} (e.g. conf/spaces/nb201.conf);
     * an architecture of the space missing from the table is answered as a failed trial.
     */
    public static TabularBenchmark load(Path csv, SearchSpace space) {
        return load(csv, Optional.of(space));
    }

    private static TabularBenchmark load(Path csv, Optional<SearchSpace> given) {
        if (!Files.isRegularFile(csv)) {
            throw new ConfigException("benchmark table " + csv + " does not exist; give the path of a CSV such as nasbench201_hw.csv");
        }
        List<List<String>> records = new ArrayList<>();
        List<String> header;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            if (first == null) {
                throw new ConfigException("benchmark table " + csv + " is empty");
            }
            header = Csv.fields(first.replace("\uFEFF", ""), 1);
            String line;
            int lineNumber = 1;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = Csv.fields(line, lineNumber);
                if (fields.size() != header.size()) {
                    throw new ConfigException("benchmark table " + csv + ", line " + lineNumber + ": " + fields.size()
                            + " fields where the header has " + header.size());
                }
                records.add(fields);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read benchmark table " + csv + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("benchmark table " + csv + ": " + e.getMessage(), e);
        }
        int encodingColumn = header.indexOf(ENCODING);
        if (encodingColumn < 0) {
            throw new ConfigException("benchmark table " + csv + " has no '" + ENCODING + "' column; its columns are " + header);
        }
        if (records.isEmpty()) {
            throw new ConfigException("benchmark table " + csv + " has a header but no rows");
        }
        List<int[]> encodings = new ArrayList<>(records.size());
        for (int r = 0; r < records.size(); r++) {
            encodings.add(parseEncoding(csv, r + 2, records.get(r).get(encodingColumn)));
        }
        String name = csv.getFileName().toString().replaceFirst("\\.csv$", "");
        SearchSpace space = given.orElseGet(() -> derive(name, csv, encodings));

        List<String> metrics = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            if (c == encodingColumn) {
                continue;
            }
            double[] column = numeric(records, c);
            if (column != null) {
                metrics.add(header.get(c));
                columns.add(column);
            }
        }
        double[][] values = new double[records.size()][metrics.size()];
        for (int m = 0; m < metrics.size(); m++) {
            for (int r = 0; r < records.size(); r++) {
                values[r][m] = columns.get(m)[r];
            }
        }
        Map<Architecture, Integer> rows = new HashMap<>();
        for (int r = 0; r < encodings.size(); r++) {
            Architecture arch;
            try {
                arch = space.architecture(encodings.get(r));
            } catch (InvalidArchitectureException e) {
                throw new ConfigException("benchmark table " + csv + ", line " + (r + 2) + ": " + e.getMessage(), e);
            }
            Integer previous = rows.put(arch, r);
            if (previous != null) {
                throw new ConfigException("benchmark table " + csv + " lists architecture " + arch.key() + " twice (lines "
                        + (previous + 2) + " and " + (r + 2) + ")");
            }
        }
        return new TabularBenchmark(name, space, metrics, values, rows);
    }

    private static int[] parseEncoding(Path csv, int line, String text) {
        String[] parts = text.trim().split("\\s*,\\s*");
        int[] genes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                genes[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new ConfigException("benchmark table " + csv + ", line " + line + ": encoding '" + text
                        + "' is not a list of integers");
            }
        }
        return genes;
    }

    private static SearchSpace derive(String name, Path csv, List<int[]> encodings) {
        int width = encodings.get(0).length;
        List<TreeSet<Integer>> values = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            values.add(new TreeSet<>());
        }
        for (int r = 0; r < encodings.size(); r++) {
            int[] e = encodings.get(r);
            if (e.length != width) {
                throw new ConfigException("benchmark table " + csv + ", line " + (r + 2) + ": encoding has " + e.length
                        + " values, the first row has " + width);
            }
            for (int i = 0; i < width; i++) {
                values.get(i).add(e[i]);
            }
        }
        List<Dimension> dims = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            dims.add(new Dimension("x" + (i + 1), List.copyOf(values.get(i))));
        }
        return new CategoricalSpace(name, dims);
    }

    /** The column as numbers, or null when some row does not hold a finite number. */
    private static double[] numeric(List<List<String>> records, int column) {
        double[] out = new double[records.size()];
        for (int r = 0; r < records.size(); r++) {
            try {
                out[r] = Double.parseDouble(records.get(r).get(column).trim());
            } catch (NumberFormatException e) {
                return null;
            }
            if (!Double.isFinite(out[r])) {
                return null;
            }
        }
        return out;
    }

    /** The file name without {@code .csv}. */
    public String name() {
        return name;
    }

    public SearchSpace space() {
        return space;
    }

    /** The metric columns, in file order. */
    public List<String> metrics() {
        return metrics;
    }

    public int size() {
        return rows.size();
    }

    /** The metrics of {@code arch}, or empty when the table has no row for it. */
    public Optional<Map<String, Double>> lookup(Architecture arch) {
        Integer row = rows.get(arch);
        if (row == null) {
            return Optional.empty();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int m = 0; m < metrics.size(); m++) {
            out.put(metrics.get(m), values[row][m]);
        }
        return Optional.of(out);
    }

    /** Every row's value of {@code metric}, in file order. */
    public double[] column(String metric) {
        int m = metrics.indexOf(metric);
        if (m < 0) {
            throw new ConfigException("benchmark table " + name + " has no numeric column '" + metric + "'; its metrics are "
                    + metrics);
        }
        double[] out = new double[values.length];
        for (int r = 0; r < values.length; r++) {
            out[r] = values[r][m];
        }
        return out;
    }
}
