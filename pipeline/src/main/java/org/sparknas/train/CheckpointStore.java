package org.sparknas.train;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sparknas.files.WholeFiles;

/**
 * The checkpoints of a run, in {@code <output>/checkpoints/}. Every checkpoint gets a new name from
 * its global step ({@code step-000004290.ckpt}), so a write never replaces a good file (rename into
 * place is atomic on local disks and HDFS alike); the one at the end of a phase is kept for good
 * ({@code step-000001720-end-largest.ckpt}), older interval checkpoints are deleted once a newer
 * one is in place. Resuming takes the highest step.
 */
final class CheckpointStore {

    private static final Pattern NAME = Pattern.compile("step-(\\d{9,})(-end-[a-z0-9-]+)?\\.ckpt");

    /** A checkpoint and the file it came from. */
    record Stored(String file, Checkpoint checkpoint) {
    }

    private final String dir;

    CheckpointStore(String output) {
        this.dir = WholeFiles.resolve(output, "checkpoints");
    }

    String directory() {
        return dir;
    }

    /**
     * Writes {@code checkpoint}; {@code endOfPhase} names the phase it ends, or is null.
     *
     * @return the file written
     */
    String save(Checkpoint checkpoint, String endOfPhase) {
        String name = String.format(java.util.Locale.ROOT, "step-%09d%s.ckpt", checkpoint.position().globalStep(),
                endOfPhase == null ? "" : "-end-" + endOfPhase);
        String file = WholeFiles.resolve(dir, name);
        WholeFiles.write(file, CheckpointCodec.encode(checkpoint));
        for (String old : WholeFiles.list(dir)) {
            Matcher m = NAME.matcher(old);
            if (m.matches() && m.group(2) == null && !old.equals(name)
                    && Long.parseLong(m.group(1)) < checkpoint.position().globalStep()) {
                WholeFiles.delete(WholeFiles.resolve(dir, old));
            }
        }
        return file;
    }

    /** The checkpoint of the highest step, if any; a damaged one is refused with its name, not skipped. */
    Optional<Stored> latest() {
        String best = null;
        long bestStep = -1;
        for (String name : WholeFiles.list(dir)) {
            Matcher m = NAME.matcher(name);
            if (m.matches()) {
                long step = Long.parseLong(m.group(1));
                // at equal steps prefer the end-of-phase file: it is kept, the other may be deleted
                if (step > bestStep || (step == bestStep && m.group(2) != null)) {
                    best = name;
                    bestStep = step;
                }
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        String file = WholeFiles.resolve(dir, best);
        return Optional.of(new Stored(file, CheckpointCodec.decode(WholeFiles.read(file), file)));
    }

    /** Names of the checkpoint files now in the directory. */
    List<String> files() {
        return WholeFiles.list(dir).stream().filter(n -> NAME.matcher(n).matches()).toList();
    }

    /** Deletes every checkpoint (a fresh start was asked for). */
    void clear() {
        files().forEach(n -> WholeFiles.delete(WholeFiles.resolve(dir, n)));
    }
}
