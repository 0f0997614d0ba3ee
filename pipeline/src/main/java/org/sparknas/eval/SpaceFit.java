package org.sparknas.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sparknas.space.OfaSpace;

/**
 * Whether images fit a space: its stem takes their number of channels and its classifier their
 * number of classes. Says what differs by the space's own keys, so the user knows what to change.
 */
public final class SpaceFit {

    private SpaceFit() {
    }

    /**
     * @param images names the images in the message, e.g. {@code "the validation images"}
     * @return why the images do not fit, or empty when they do
     */
    public static Optional<String> mismatch(OfaSpace space, String images, int channels, int numClasses) {
        List<String> wrong = new ArrayList<>();
        if (channels != space.inputChannels()) {
            wrong.add("the images have " + channels + " channel(s) but space.input-channels = " + space.inputChannels());
        }
        if (numClasses != space.numClasses()) {
            wrong.add("the images have " + numClasses + " classes but space.num-classes = " + space.numClasses());
        }
        if (wrong.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(images + " do not fit space '" + space.name() + "': " + String.join(", and ", wrong)
                + "; use a space made for these images (its stem takes their channels, its classifier their classes)");
    }
}
