package org.sparknas.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparknas.config.ConfigException;

/**
 * Images in a class-folder tree at a local path or Hadoop FileSystem URI ({@code hdfs://},
 * {@code s3a://}, {@code file:}): one sub-directory per class, the class index being the position
 * of the folder's name in sorted order (as torchvision's and DJL's {@code ImageFolder}), and the
 * class's {@code .jpg}, {@code .jpeg} and {@code .png} files (any case) directly in it, in order of
 * class, then file name. Hidden entries (name starting with {@code .}) are ignored; other files and
 * nested folders are skipped and counted ({@link #skipped()}), so that a stray {@code README} does
 * not stop a run. Images are decoded by {@link ImageDecoder} when read.
 *
 * <p>The collection holds the images' URIs as strings and reads them with
 * {@link org.sparknas.files.StorageHadoop}, so a serialised collection reads the same bytes on an
 * executor; {@link #select} keeps only the selected URIs, so a selection travels without the rest.
 */
public final class ImageFolderImages extends StoredImages {

    private static final long serialVersionUID = 1L;

    private final String root;
    private final String[] files;
    private final int listed;
    private final int skipped;
    private final String hash;

    private ImageFolderImages(String root, String[] files, byte[] labels, String[] classes, ImageDecoder decoder,
                              int listed, int skipped, String hash) {
        super(labels, classes, decoder);
        this.root = root;
        this.files = files;
        this.listed = listed;
        this.skipped = skipped;
        this.hash = hash;
    }

    /**
     * Lists the class folders at {@code location}; the classes are the folders' names.
     *
     * @param key the configuration key that names the location, for errors
     * @throws ConfigException when the location is missing, has no class folders, too many, or an empty one
     */
    public static ImageFolderImages list(String location, ImageDecoder decoder, String key) {
        return list(location, decoder, key, null);
    }

    /**
     * Lists the class folders at {@code location} as {@link #list(String, ImageDecoder, String)}, with the
     * class indices of {@code classes} (the training set's): the folders must be exactly these.
     */
    public static ImageFolderImages list(String location, ImageDecoder decoder, String key, List<String> classes) {
        Path rootPath = StoredFiles.path(location);
        FileSystem fs = StoredFiles.fileSystem(rootPath, key);
        FileStatus[] top = listOrRefuse(fs, rootPath, true, key, location);
        List<FileStatus> classDirs = new ArrayList<>();
        int skipped = 0;
        int looseImages = 0;
        for (FileStatus s : top) {
            String name = s.getPath().getName();
            if (name.startsWith(".")) {
                continue;
            }
            if (s.isDirectory()) {
                classDirs.add(s);
            } else {
                skipped++;
                looseImages += isImage(name) ? 1 : 0;
            }
        }
        classDirs.sort(Comparator.comparing(s -> s.getPath().getName()));
        if (classDirs.isEmpty()) {
            throw new ConfigException("'" + key + "': " + location + " holds no class folders" + (looseImages > 0
                    ? " (it holds " + looseImages + " images directly)" : "") + "; put each class's JPEG or PNG images"
                    + " into a sub-directory named after the class");
        }
        List<String> names = classDirs.stream().map(s -> s.getPath().getName()).toList();
        if (classes != null && !names.equals(classes)) {
            throw new ConfigException(LabelSets.differ(key, location, names, classes));
        }
        if (names.size() < 2 || names.size() > 256) {
            throw new ConfigException("'" + key + "': " + location + " holds " + names.size() + " class folder"
                    + (names.size() == 1 ? "" : "s") + "; a classifier needs 2 to 256 classes (labels are one byte)");
        }
        List<String> uris = new ArrayList<>();
        List<Byte> labelList = new ArrayList<>();
        StoredFiles.Digest digest = new StoredFiles.Digest();
        for (int c = 0; c < classDirs.size(); c++) {
            FileStatus[] entries = listOrRefuse(fs, classDirs.get(c).getPath(), false, key, location);
            Arrays.sort(entries, Comparator.comparing(s -> s.getPath().getName()));
            int before = uris.size();
            for (FileStatus s : entries) {
                String name = s.getPath().getName();
                if (name.startsWith(".")) {
                    continue;
                }
                if (!s.isFile() || !isImage(name)) {
                    skipped++;
                    continue;
                }
                uris.add(s.getPath().toString());
                labelList.add((byte) c);
                digest.add(names.get(c) + "/" + name + "\t" + c + "\n");
            }
            if (uris.size() == before) {
                throw new ConfigException("'" + key + "': class folder " + classDirs.get(c).getPath() + " holds no JPEG or"
                        + " PNG images (.jpg, .jpeg, .png); add images of class '" + names.get(c) + "' or remove the folder");
            }
        }
        byte[] labels = new byte[labelList.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = labelList.get(i);
        }
        return new ImageFolderImages(fs.makeQualified(rootPath).toString(), uris.toArray(String[]::new), labels,
                names.toArray(String[]::new), decoder, labels.length, skipped, digest.shortHex());
    }

    private static FileStatus[] listOrRefuse(FileSystem fs, Path dir, boolean isRoot, String key, String location) {
        try {
            if (!fs.getFileStatus(dir).isDirectory()) {
                throw new ConfigException("'" + key + "': " + dir + " is a file, not a folder of class folders");
            }
            return fs.listStatus(dir);
        } catch (FileNotFoundException e) {
            throw new ConfigException("'" + key + "': " + (isRoot ? location : dir + " (in " + location + ")") + " does not exist", e);
        } catch (IOException e) {
            throw new ConfigException("'" + key + "': cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    static boolean isImage(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".jpg") || lower.endsWith(".jpeg") || lower.endsWith(".png");
    }

    /** The folder's fully qualified URI, e.g. {@code file:/data/photos} for the plain path {@code /data/photos}. */
    public String location() {
        return root;
    }

    /** The class names, in class-index order. */
    public List<String> classes() {
        return List.of(classes);
    }

    /** Files that were neither images nor hidden (and nested folders), left out of the listing. */
    public int skipped() {
        return skipped;
    }

    /** A short hash of the listing's (class/file name, class index) entries, for {@link DataIdentity}. */
    public String listingHash() {
        return hash;
    }

    /** The full URI of image {@code index}. */
    public String uri(int index) {
        return files[index];
    }

    @Override
    public String describe() {
        String whole = "image-folder " + root + " (" + listed + " images, " + classes.length + " classes"
                + (skipped == 0 ? "" : ", " + skipped + " other files skipped") + ")";
        return files.length == listed ? whole : files.length + " of " + whole;
    }

    @Override
    public ImageSet read(int[] indices) {
        requireIndices(indices);
        byte[][] decoded = DecodePool.map(indices.length, i -> {
            String uri = files[indices[i]];
            return decoder.decode(StoredFiles.readImage(uri), uri);
        });
        return decoded(decoded, indices);
    }

    /** The selected images as a collection of their own URIs only: what a selection sends to an executor. */
    @Override
    public ImageCollection select(int[] indices) {
        String[] f = new String[indices.length];
        byte[] l = new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= files.length) {
                throw new IndexOutOfBoundsException("image " + indices[i] + " of " + describe());
            }
            f[i] = files[indices[i]];
            l[i] = labels[indices[i]];
        }
        return new ImageFolderImages(root, f, l, classes, decoder, listed, skipped, hash);
    }

    @Override
    public String toString() {
        return "ImageFolderImages[" + describe() + "]";
    }
}
