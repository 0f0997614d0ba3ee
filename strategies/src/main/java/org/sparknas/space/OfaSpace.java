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
 * for every block B up to the stage's largest depth; then {@code expand.S.B} likewise; and, only
 * when the space declares {@code precisions}, {@code precision} (the bit width, e.g. 32 or 8).
 * Blocks beyond a stage's active depth are canonicalised to the stage's first kernel and expand
 * choice, so two encodings of one network have one key:
 * {@code r28:d2,3,4:k3,5,3,3,7,...:e3,4,3,3,6,...} (every block of every stage, in order), followed
 * by {@code :int8} (the precision's name) in a space that declares precisions.
 *
 * <p>A space without precisions is exactly the space as it was before precisions existed: same
 * genes, keys and fingerprint, so stored runs, supernets and latency tables stay valid.
 *
 * <p>{@link #shape(Architecture)} resolves the exact network an architecture describes (see
 * {@link SubnetShape}); MACs and parameters come from there.
 */
public final class OfaSpace implements SearchSpace {

    public static final String RESOLUTION = "resolution";
    /** The gene of the deployment precision, present only in a space that declares precisions. */
    public static final String PRECISION = "precision";
    /** How a key reads, for messages that refuse one; the precision part is there exactly when the space declares precisions. */
    public static final String KEY_FORMAT = "r<resolution>:d<depth,...>:k<kernel,...>:e<expand,...>[:<precision>]";

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
    /** Empty when the space declares no precisions (then there is no precision gene). */
    private final List<Precision> precisions;
    /** Index of the precision gene, -1 when there is none. */
    private final int precisionGene;
    private final String networkFingerprint;
    private final String fingerprint;
    /** This space without its precision gene (this space itself when it declares none). */
    private final OfaSpace network;

    /** A space without a precision dimension: every sub-network is fp32. */
    public OfaSpace(String name, int inputChannels, int numClasses, List<Integer> resolutions, OfaStem stem,
                    List<OfaStage> stages, OfaHead head) {
        this(name, inputChannels, numClasses, resolutions, stem, stages, head, List.of());
    }

    /**
     * @param precisions the precisions a search may deploy a sub-network at, in gene order; empty
     *                   for a space without a precision dimension
     */
    public OfaSpace(String name, int inputChannels, int numClasses, List<Integer> resolutions, OfaStem stem,
                    List<OfaStage> stages, OfaHead head, List<Precision> precisions) {
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
        this.precisions = List.copyOf(precisions);
        if (this.precisions.stream().distinct().count() != this.precisions.size()) {
            throw new IllegalArgumentException("precisions lists a precision twice: " + configNames(this.precisions));
        }
        if (this.precisions.isEmpty()) {
            precisionGene = -1;
        } else {
            precisionGene = dims.size();
            dims.add(new Dimension(PRECISION, this.precisions.stream().map(Precision::bits).toList()));
        }
        this.dimensions = List.copyOf(dims);
        this.networkFingerprint = Fingerprints.sha256(describe());
        // Without precisions the fingerprint is the network's, as it was before precisions existed.
        this.fingerprint = this.precisions.isEmpty() ? networkFingerprint
                : Fingerprints.sha256(describe() + "|precisions=" + configNames(this.precisions));
        this.network = this.precisions.isEmpty() ? this
                : new OfaSpace(name, inputChannels, numClasses, resolutions, stem, stages, head, List.of());
    }

    /** The canonical text the network fingerprint is taken of: everything that shapes the network. */
    private String describe() {
        return "ofa|in=" + inputChannels + "|classes=" + numClasses + "|res=" + resolutions + "|stem=" + stem
                + "|stages=" + stages + "|head=" + head;
    }

    private static List<String> configNames(List<Precision> precisions) {
        return precisions.stream().map(Precision::configName).toList();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Dimension> dimensions() {
        return dimensions;
    }

    /**
     * The largest sub-network (every stage at its deepest, the largest kernels, expand ratios and
     * resolution, the widest precision), the median (the middle choice everywhere) and the smallest:
     * an elastic supernet's most accurate sub-network is nearly always its largest, its fastest is
     * always its smallest, and the median lies near the middle of the front between them.
     */
    @Override
    public List<Architecture> anchors() {
        return List.of(largest(), median(), smallest());
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

    /** The declared precisions in gene order; empty when the space has no precision dimension. */
    public List<Precision> precisions() {
        return precisions;
    }

    /** Whether the space has a precision gene (its config has {@code precisions}). */
    public boolean declaresPrecisions() {
        return !precisions.isEmpty();
    }

    /** The first declared precision, or fp32 when none is declared: what an architecture built without one uses. */
    public Precision defaultPrecision() {
        return precisions.isEmpty() ? Precision.FP32 : precisions.get(0);
    }

    /**
     * The same space without a precision dimension (this space when it declares none): the network
     * a supernet trains and whose layers a latency table times, neither of which depends on the
     * precision a sub-network is later deployed at.
     */
    public OfaSpace withoutPrecisions() {
        return network;
    }

    /** {@code arch}'s network as an architecture of {@link #withoutPrecisions()}: the precision gene dropped. */
    public Architecture withoutPrecision(Architecture arch) {
        requireOwn(arch);
        if (precisions.isEmpty()) {
            return arch;
        }
        return network.architecture(java.util.Arrays.copyOf(arch.genes(), precisionGene));
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
        if (precisionGene >= 0) {
            choices.put(PRECISION, List.of(arch.gene(precisionGene)));
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
        if (precisionGene >= 0) {
            key.append(':').append(Precision.fromBits(genes[precisionGene]).configName());
        }
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
        if (parts.length < 4 || parts.length > 5 || !parts[0].startsWith("r") || !parts[1].startsWith("d")
                || !parts[2].startsWith("k") || !parts[3].startsWith("e")) {
            throw new InvalidArchitectureException("'" + key + "' is not an Once-for-All key; expected the form "
                    + KEY_FORMAT + ", e.g. " + smallest().key());
        }
        if (parts.length == 5 && precisions.isEmpty()) {
            throw new InvalidArchitectureException("precision " + parts[4].trim() + " of '" + key
                    + "' is not declared by space '" + name + "'; it declares none, so its keys end after the expand"
                    + " ratios (" + KEY_FORMAT + ", e.g. " + smallest().key() + "). Drop the precision, or search a space"
                    + " that declares it (precisions = [" + Precision.allowedNames() + "])");
        }
        if (parts.length == 4 && !precisions.isEmpty()) {
            throw new InvalidArchitectureException("'" + key + "' has no precision; space '" + name + "' declares "
                    + configNames(precisions) + ", so its keys end in one (" + KEY_FORMAT + ", e.g. " + smallest().key()
                    + ")");
        }
        int[] genes = new int[dimensions.size()];
        genes[0] = parseInt(key, parts[0].substring(1));
        fill(key, genes, "depths", parts[1].substring(1), depthGene);
        fill(key, genes, "kernel sizes", parts[2].substring(1), flatten(kernelGene));
        fill(key, genes, "expand ratios", parts[3].substring(1), flatten(expandGene));
        if (precisionGene >= 0) {
            genes[precisionGene] = declared(parts[4].trim(), "'" + key + "'").bits();
        }
        return architecture(genes);
    }

    /** The declared precision called {@code text}, else an error naming it and the declared ones. */
    private Precision declared(String text, String where) {
        Precision precision = null;
        try {
            precision = Precision.parse(text);
        } catch (IllegalArgumentException e) {
            // an unknown name is refused below with the same message as a known but undeclared one
        }
        if (precision == null || !precisions.contains(precision)) {
            throw new InvalidArchitectureException("precision " + text + " of " + where + " is not declared by space '"
                    + name + "'; it declares " + configNames(precisions));
        }
        return precision;
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
        Precision precision = precisionGene < 0 ? Precision.FP32 : Precision.fromBits(arch.gene(precisionGene));
        return new OfaArchitecture(arch.gene(0), depths, kernels, expands, precision);
    }

    /** The architecture of a readable view (the inverse of {@link #decode}). */
    public Architecture encode(OfaArchitecture view) {
        if (view.depths().size() != stages.size()) {
            throw new InvalidArchitectureException("space '" + name + "' has " + stages.size() + " stages, the architecture "
                    + view.depths().size());
        }
        int[] genes = smallest().genes();
        genes[0] = view.resolution();
        if (precisionGene >= 0) {
            genes[precisionGene] = declared(view.precision().configName(), "the architecture").bits();
        } else if (view.precision() != Precision.FP32) {
            throw new InvalidArchitectureException("precision " + view.precision().configName() + " of the architecture"
                    + " is not declared by space '" + name + "'; it declares none, so its architectures are fp32."
                    + " Add precisions = [" + Precision.allowedNames() + "] to the space to search over precision");
        }
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
        return new SubnetShape(inputChannels, view.resolution(), stem, stemSize, blocks, head, channels, size, numClasses,
                view.precision());
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

    /**
     * A SHA-256 over the definition of the space, precisions included: what a stored run records, so
     * a run over precisions is never taken for one without. Equal to {@link #networkFingerprint()}
     * when the space declares no precisions.
     */
    @Override
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * A SHA-256 over what shapes the network only (precisions left out): what supernet weights and
     * layer latency tables are checked against, since neither depends on the deployment precision.
     */
    public String networkFingerprint() {
        return networkFingerprint;
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
        return precisions.isEmpty() ? total : total.multiply(BigInteger.valueOf(precisions.size()));
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
