package io.productionmanager.qa;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.exceptions.HdfInvalidPathException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.productionmanager.config.ProductionConfig;

/**
 * Decides whether a job's output is valid as the production's {@code outputs.validation} says: for
 * {@code format: hdf5}, a readable HDF5 file holding every required dataset (or, with none listed, at least
 * one dataset), checked from the headers without reading the data; for {@code format: any}, a file of at
 * least {@code min_bytes}. The {@code check_command} runs in the batch script, not here.
 */
public final class OutputValidator {

    private final boolean hdf5;
    private final List<String> requiredDatasets;
    private final long minBytes;

    /** A validator for a production's {@code outputs.validation}. */
    public OutputValidator(ProductionConfig.Validation validation) {
        this(validation.hdf5(), validation.requiredDatasets(), validation.minBytes());
    }

    private OutputValidator(boolean hdf5, List<String> requiredDatasets, long minBytes) {
        for (String name : requiredDatasets) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("required dataset names must not be blank: " + requiredDatasets);
            }
        }
        if (minBytes < 0) {
            throw new IllegalArgumentException("min_bytes must not be negative, got " + minBytes);
        }
        this.hdf5 = hdf5;
        this.requiredDatasets = List.copyOf(requiredDatasets);
        this.minBytes = minBytes;
    }

    /** An HDF5 validator requiring {@code requiredDatasets} (none: at least one dataset), files of at least one byte. */
    public static OutputValidator hdf5(List<String> requiredDatasets) {
        return new OutputValidator(true, requiredDatasets, 1);
    }

    /** A validator accepting any file of at least {@code minBytes}. */
    public static OutputValidator anyFile(long minBytes) {
        return new OutputValidator(false, List.of(), minBytes);
    }

    /** The datasets this validator requires. */
    public List<String> requiredDatasets() {
        return requiredDatasets;
    }

    /** Validates {@code output}; never throws for a bad file, the result says what is wrong. */
    public ValidationResult validate(Path output) {
        if (!Files.isRegularFile(output)) {
            return ValidationResult.failure(ValidationResult.MISSING,
                    Files.exists(output) ? output + ": not a regular file" : output + ": no such file");
        }
        long size;
        try {
            size = Files.size(output);
        } catch (IOException e) {
            return ValidationResult.failure(ValidationResult.MISSING, output + ": cannot read size: " + e.getMessage());
        }
        if (size == 0 && minBytes > 0) {
            return ValidationResult.failure(ValidationResult.EMPTY, output + ": file is empty (0 bytes)");
        }
        if (size < minBytes) {
            return ValidationResult.failure(ValidationResult.TOO_SMALL,
                    output + ": " + size + " bytes, at least " + minBytes + " expected (outputs.validation.min_bytes)");
        }
        if (!hdf5) {
            return ValidationResult.ok(output + ": " + size + " bytes", 0);
        }
        try (HdfFile file = new HdfFile(output)) {
            return check(file, output, size);
        } catch (RuntimeException e) {
            // jhdf reports a bad signature, a corrupt header or a read past the end as unchecked exceptions
            return ValidationResult.failure(ValidationResult.NOT_HDF5,
                    output + ": not a readable HDF5 file: " + describe(e));
        }
    }

    private ValidationResult check(HdfFile file, Path output, long size) {
        Superblock superblock = file.getHdfBackingStorage().getSuperblock();
        long declaredEnd = superblock.getBaseAddressByte() + superblock.getEndOfFileAddress();
        if (declaredEnd > size) {
            return truncated(output, size, declaredEnd);
        }
        if (requiredDatasets.isEmpty()) {
            Dataset any = firstDataset(file);
            if (any == null) {
                return ValidationResult.failure(ValidationResult.MISSING_DATASET, output + ": holds no dataset");
            }
            ValidationResult cut = truncatedData(any, output, size);
            return cut != null ? cut : ValidationResult.ok(output + ": dataset '" + any.getPath() + "'", rows(any));
        }
        List<String> missing = new ArrayList<>();
        List<String> notDatasets = new ArrayList<>();
        long rows = -1;
        for (String name : requiredDatasets) {
            Node node = nodeOrNull(file, name);
            if (node == null) {
                missing.add("'" + name + "'");
            } else if (!(node instanceof Dataset dataset)) {
                notDatasets.add("'" + name + "' (" + node.getType() + ")");
            } else {
                ValidationResult cut = truncatedData(dataset, output, size);
                if (cut != null) {
                    return cut;
                }
                rows = rows < 0 ? rows(dataset) : rows;
            }
        }
        if (!missing.isEmpty() || !notDatasets.isEmpty()) {
            StringBuilder message = new StringBuilder(output.toString()).append(": ");
            if (!missing.isEmpty()) {
                message.append("required dataset").append(missing.size() > 1 ? "s " : " ").append(String.join(", ", missing))
                        .append(missing.size() > 1 ? " are" : " is").append(" missing");
            }
            if (!notDatasets.isEmpty()) {
                message.append(missing.isEmpty() ? "" : "; ").append("not a dataset: ").append(String.join(", ", notDatasets));
            }
            return ValidationResult.failure(ValidationResult.MISSING_DATASET, message.toString());
        }
        return ValidationResult.ok(output + ": " + rows + " rows in " + requiredDatasets, rows);
    }

    /** The first dataset found, breadth first from the root group, or null when the file holds none. */
    private static Dataset firstDataset(HdfFile file) {
        java.util.ArrayDeque<Group> groups = new java.util.ArrayDeque<>();
        groups.add(file);
        while (!groups.isEmpty()) {
            for (Node child : groups.poll().getChildren().values()) {
                if (child instanceof Dataset d) {
                    return d;
                }
                if (child instanceof Group g && !child.isLink()) {
                    groups.add(g);
                }
            }
        }
        return null;
    }

    private static long rows(Dataset dataset) {
        int[] dimensions = dataset.getDimensions();
        return dimensions.length == 0 ? 1 : dimensions[0];
    }

    /** A failure when the dataset's contiguous data would lie beyond the end of the file, else null. */
    private static ValidationResult truncatedData(Dataset dataset, Path output, long size) {
        if (dataset instanceof ContiguousDataset contiguous && !dataset.isEmpty()) {
            long dataEnd = contiguous.getDataAddress() + dataset.getStorageInBytes();
            if (dataEnd > size) {
                return truncated(output, size, dataEnd);
            }
        }
        return null;
    }

    private static Node nodeOrNull(HdfFile file, String path) {
        try {
            return file.getByPath(path);
        } catch (HdfInvalidPathException e) {
            return null;
        }
    }

    private static ValidationResult truncated(Path output, long size, long needed) {
        return ValidationResult.failure(ValidationResult.NOT_HDF5,
                output + ": truncated HDF5 file: " + size + " bytes, its structure needs " + needed);
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
