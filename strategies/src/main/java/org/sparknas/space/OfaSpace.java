package org.sparknas.space;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sparknas.config.ConfigException;

/**
 * An Once-for-All style space: elastic input resolution, per-stage depth, per-block kernel size
 * and expand ratio, over a fixed stem, stage widths and strides, and head.
 *
 * <p>Genes, in order: {@code resolution}; {@code depth.S} for each stage S; {@code kernel.S.B}
 * for every block B up to the stage's largest depth; then {@code expand.S.B} likewise. Blocks
 * beyond a stage's active depth are canonicalised to the stage's first kernel and expand choice,
 * so two encodings of one network have one key:
 * {@code r28:d2,3,4:k3,5,3,3,7,...:e3,4,3,3,6,...} (every block of every stage, in order).
 *
 * <p>{@link #shape(Architecture)} resolves the exact network an architecture describes (see
 * {@link SubnetShape}); MACs and parameters come from there.
 */
public final class OfaSpace implements SearchSpace {

    public static final String RESOLUTION = "resolution";
    /** How a key reads, for messages that refuse one. */
    public static final String KEY_FORMAT = "r<resolution>:d<depth,...>:k<kernel,...>:e<expand,...>";

    private final String name;
    private final int inputChannels;
    private final int numClasses;
    private final List<Integer> resolutions;
    private final OfaStem stem;
    private final List<OfaStage> stages;
    private final OfaHead head;
    private final List<Dimension> dimensions;
    private final int[] depthGene;
    private final int[][] kernelGene;
    private final int[][] expandGene;
    private final String fingerprint;

    public OfaSpace(String name, int inputChannels, int numClasses, List<Integer> resolutions, OfaStem stem,
                    List<OfaStage> stages, OfaHead head) {
        if (inputChannels <= 0) {
            throw new IllegalArgumentException("input channels must be positive, got " + inputChannels);
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + numClasses);
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("an Once-for-All space needs at least one stage");
        }
        this.name = name;
        this.inputChannels = inputChannels;
        this.numClasses = numClasses;
        this.resolutions = new Dimension(RESOLUTION, resolutions).choices();
        for (int r : this.resolutions) {
            if (r < 4) {
                throw new IllegalArgumentException("resolutions must be at least 4 pixels, got " + r);
            }
        }
        this.stem = stem;
        this.stages = List.copyOf(stages);
        this.head = head;

        List<Dimension> dims = new ArrayList<>();
        dims.add(new Dimension(RESOLUTION, this.resolutions));
        depthGene = new int[stages.size()];
        for (int s = 0; s < stages.size(); s++) {
            depthGene[s] = dims.size();
            dims.add(new Dimension("depth." + (s + 1), stages.get(s).depths()));
        }
        kernelGene = new int[stages.size()][];
        for (int s = 0; s < stages.size(); s++) {
            kernelGene[s] = new int[stages.get(s).maxDepth()];
            for (int b = 0; b < kernelGene[s].length; b++) {
                kernelGene[s][b] = dims.size();
                dims.add(new Dimension("kernel." + (s + 1) + "." + (b + 1), stages.get(s).kernels()));
            }
        }
        expandGene = new int[stages.size()][];
        for (int s = 0; s < stages.size(); s++) {
            expandGene[s] = new int[stages.get(s).maxDepth()];
            for (int b = 0; b < expandGene[s].length; b++) {
                expandGene[s][b] = dims.size();
                dims.add(new Dimension("expand." + (s + 1) + "." + (b + 1), stages.get(s).expandRatios()));
            }
        }
        this.dimensions = List.copyOf(dims);
        this.fingerprint = Fingerprints.sha256(describe());
    }

    /** The canonical text the fingerprint is taken of: everything that shapes the network. */
    private String describe() {
        return "ofa|in=" + inputChannels + "|classes=" + numClasses + "|res=" + resolutions + "|stem=" + stem
                + "|stages=" + stages + "|head=" + head;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Dimension> dimensions() {
        return dimensions;
    }

    public int inputChannels() {
        return inputChannels;
    }

    public int numClasses() {
        return numClasses;
    }

    public List<Integer> resolutions() {
        return resolutions;
    }

    public OfaStem stem() {
        return stem;
    }

    public List<OfaStage> stages() {
        return stages;
    }

    public OfaHead head() {
        return head;
    }

    @Override
    public Architecture architecture(int[] genes) {
        if (genes.length != dimensions.size()) {
            throw new InvalidArchitectureException("space '" + name + "' has " + dimensions.size()
                    + " genes, the encoding has " + genes.length);
        }
        for (int i = 0; i < genes.length; i++) {
            Dimension d = dimensions.get(i);
            if (!d.allows(genes[i])) {
                throw new InvalidArchitectureException("value " + genes[i] + " of '" + d.name()
                        + "' is not in space '" + name + "' (choices " + d.choices() + ")");
            }
        }
        int[] canonical = genes.clone();
        for (int s = 0; s < stages.size(); s++) {
            int depth = canonical[depthGene[s]];
            for (int b = depth; b < kernelGene[s].length; b++) {
                canonical[kernelGene[s][b]] = stages.get(s).kernels().get(0);
                canonical[expandGene[s][b]] = stages.get(s).expandRatios().get(0);
            }
        }
        return new Architecture(key(canonical), canonical);
    }

    /** Resolution, each stage's depth, and the kernel sizes and expand ratios of the blocks that depth uses. */
    @Override
    public Map<String, List<Integer>> choices(Architecture arch) {
        Map<String, List<Integer>> choices = new LinkedHashMap<>();
        choices.put(RESOLUTION, List.of(arch.gene(0)));
        for (int s = 0; s < stages.size(); s++) {
            choices.put("depth." + (s + 1), List.of(arch.gene(depthGene[s])));
        }
        for (int s = 0; s < stages.size(); s++) {
            choices.put("kernel." + (s + 1), activeGenes(arch, s, kernelGene[s]));
        }
        for (int s = 0; s < stages.size(); s++) {
            choices.put("expand." + (s + 1), activeGenes(arch, s, expandGene[s]));
        }
        return choices;
    }

    private List<Integer> activeGenes(Architecture arch, int stage, int[] positions) {
        int depth = arch.gene(depthGene[stage]);
        List<Integer> values = new ArrayList<>(depth);
        for (int b = 0; b < depth; b++) {
            values.add(arch.gene(positions[b]));
        }
        return List.copyOf(values);
    }

    private String key(int[] genes) {
        StringBuilder key = new StringBuilder("r").append(genes[0]).append(":d");
        appendGenes(key, genes, depthGene);
        key.append(":k");
        appendGenes(key, genes, flatten(kernelGene));
        key.append(":e");
        appendGenes(key, genes, flatten(expandGene));
        return key.toString();
    }

    private static void appendGenes(StringBuilder key, int[] genes, int[] positions) {
        for (int i = 0; i < positions.length; i++) {
            if (i > 0) {
                key.append(',');
            }
            key.append(genes[positions[i]]);
        }
    }

    private static int[] flatten(int[][] nested) {
        return java.util.Arrays.stream(nested).flatMapToInt(java.util.Arrays::stream).toArray();
    }

    @Override
    public Architecture parse(String key) {
        String[] parts = key.trim().split(":");
        if (parts.length != 4 || !parts[0].startsWith("r") || !parts[1].startsWith("d")
                || !parts[2].startsWith("k") || !parts[3].startsWith("e")) {
            throw new InvalidArchitectureException("'" + key + "' is not an Once-for-All key; expected the form "
                    + KEY_FORMAT + ", e.g. " + smallest().key());
        }
        int[] genes = new int[dimensions.size()];
        genes[0] = parseInt(key, parts[0].substring(1));
        fill(key, genes, "depths", parts[1].substring(1), depthGene);
        fill(key, genes, "kernel sizes", parts[2].substring(1), flatten(kernelGene));
        fill(key, genes, "expand ratios", parts[3].substring(1), flatten(expandGene));
        return architecture(genes);
    }

    private void fill(String key, int[] genes, String what, String list, int[] positions) {
        String[] values = list.split(",");
        if (values.length != positions.length) {
            throw new InvalidArchitectureException("'" + key + "' lists " + values.length + " " + what + "; space '"
                    + name + "' has " + positions.length);
        }
        for (int i = 0; i < values.length; i++) {
            genes[positions[i]] = parseInt(key, values[i]);
        }
    }

    private static int parseInt(String key, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidArchitectureException("'" + key + "' has '" + text + "' where a number belongs");
        }
    }

    /** The readable view of {@code arch}: resolution, depths, active kernels and expand ratios. */
    public OfaArchitecture decode(Architecture arch) {
        requireOwn(arch);
        List<Integer> depths = new ArrayList<>();
        List<List<Integer>> kernels = new ArrayList<>();
        List<List<Integer>> expands = new ArrayList<>();
        for (int s = 0; s < stages.size(); s++) {
            int depth = arch.gene(depthGene[s]);
            depths.add(depth);
            List<Integer> k = new ArrayList<>();
            List<Integer> e = new ArrayList<>();
            for (int b = 0; b < depth; b++) {
                k.add(arch.gene(kernelGene[s][b]));
                e.add(arch.gene(expandGene[s][b]));
            }
            kernels.add(k);
            expands.add(e);
        }
        return new OfaArchitecture(arch.gene(0), depths, kernels, expands);
    }

    /** The architecture of a readable view (the inverse of {@link #decode}). */
    public Architecture encode(OfaArchitecture view) {
        if (view.depths().size() != stages.size()) {
            throw new InvalidArchitectureException("space '" + name + "' has " + stages.size() + " stages, the architecture "
                    + view.depths().size());
        }
        int[] genes = smallest().genes();
        genes[0] = view.resolution();
        for (int s = 0; s < stages.size(); s++) {
            genes[depthGene[s]] = view.depths().get(s);
            List<Integer> k = view.kernels().get(s);
            List<Integer> e = view.expandRatios().get(s);
            if (k.size() != view.depths().get(s) || e.size() != view.depths().get(s)) {
                throw new InvalidArchitectureException("stage " + (s + 1) + " has depth " + view.depths().get(s)
                        + " but " + k.size() + " kernel sizes and " + e.size() + " expand ratios");
            }
            if (k.size() > kernelGene[s].length) {
                throw new InvalidArchitectureException("stage " + (s + 1) + " has depth " + k.size()
                        + ", more than its largest choice " + kernelGene[s].length);
            }
            for (int b = 0; b < k.size(); b++) {
                genes[kernelGene[s][b]] = k.get(b);
                genes[expandGene[s][b]] = e.get(b);
            }
        }
        return architecture(genes);
    }

    /** Every shape of the network {@code arch} describes; see {@link SubnetShape} for the exact layers. */
    public SubnetShape shape(Architecture arch) {
        OfaArchitecture view = decode(arch);
        int size = outputSize(view.resolution(), stem.stride());
        int stemSize = size;
        int channels = stem.channels();
        List<BlockShape> blocks = new ArrayList<>();
        for (int s = 0; s < stages.size(); s++) {
            OfaStage stage = stages.get(s);
            for (int b = 0; b < view.depths().get(s); b++) {
                int stride = b == 0 ? stage.stride() : 1;
                int in = b == 0 ? channels : stage.channels();
                int expand = view.expandRatios().get(s).get(b);
                int mid = in * expand;
                int se = stage.squeezeExcite() ? seChannels(mid) : 0;
                int out = outputSize(size, stride);
                blocks.add(new BlockShape(s + 1, b + 1, in, mid, se, stage.channels(), view.kernels().get(s).get(b), expand,
                        stride, size, out, stride == 1 && in == stage.channels(), stage.activation()));
                size = out;
            }
            channels = stage.channels();
        }
        return new SubnetShape(inputChannels, view.resolution(), stem, stemSize, blocks, head, channels, size, numClasses);
    }

    /** Squeeze-excite bottleneck width for a middle width (a quarter, at least 1). */
    /**
     * {@code space} as an Once-for-All space, for features that only exist for one (a supernet,
     * layer-wise latency tables); anything else is refused naming the space and {@code needs}.
     *
     * @param needs what needs the OFA space, completing "... is not an Once-for-All space (type = ofa); ",
     *              e.g. "the supernet evaluator needs one"
     */
    public static OfaSpace require(SearchSpace space, String needs) {
        return of(space).orElseThrow(() -> new ConfigException("space '" + space.name() + "' is not an Once-for-All space"
                + " (type = ofa); " + needs));
    }

    /** {@code space} as an Once-for-All space, or empty: for what an OFA space adds but others do without. */
    public static Optional<OfaSpace> of(SearchSpace space) {
        return space instanceof OfaSpace ofa ? Optional.of(ofa) : Optional.empty();
    }

    public static int seChannels(int midChannels) {
        return Math.max(1, midChannels / 4);
    }

    /** Output size of a layer with padding k/2: ceil(size / stride). */
    public static int outputSize(int size, int stride) {
        return (size + stride - 1) / stride;
    }

    public long macs(Architecture arch) {
        return shape(arch).macs();
    }

    public long params(Architecture arch) {
        return shape(arch).params();
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public BigInteger size() {
        BigInteger total = BigInteger.valueOf(resolutions.size());
        for (OfaStage stage : stages) {
            BigInteger perBlock = BigInteger.valueOf((long) stage.kernels().size() * stage.expandRatios().size());
            BigInteger stageCount = BigInteger.ZERO;
            for (int d : stage.depths()) {
                stageCount = stageCount.add(perBlock.pow(d));
            }
            total = total.multiply(stageCount);
        }
        return total;
    }

    private void requireOwn(Architecture arch) {
        if (arch.length() != dimensions.size()) {
            throw new InvalidArchitectureException("architecture " + arch.key() + " does not belong to space '" + name + "'");
        }
    }

    @Override
    public String toString() {
        return "OfaSpace[" + name + ", " + size() + " architectures]";
    }
}
