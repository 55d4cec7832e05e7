package io.productionmanager.qa;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.exceptions.HdfInvalidPathException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Decides whether a job's output is a usable catalog by opening it and checking its datasets' headers,
 * without reading the data.
 */
public final class OutputValidator {

    /** Datasets a catalog must hold unless configured otherwise. */
    public static final List<String> DEFAULT_REQUIRED_DATASETS = List.of("x", "y", "z", "magnitude");

    private final List<String> requiredDatasets;

    /** A validator requiring {@link #DEFAULT_REQUIRED_DATASETS}. */
    public OutputValidator() {
        this(DEFAULT_REQUIRED_DATASETS);
    }

    /** A validator requiring the given dataset paths (e.g. {@code "x"} or {@code "galaxies/x"}). */
    public OutputValidator(List<String> requiredDatasets) {
        for (String name : requiredDatasets) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("required dataset names must not be blank: " + requiredDatasets);
            }
        }
        this.requiredDatasets = List.copyOf(requiredDatasets);
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
        if (size == 0) {
            return ValidationResult.failure(ValidationResult.EMPTY, output + ": file is empty (0 bytes)");
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
        long rows = -1;
        String firstName = null;
        for (String name : requiredDatasets) {
            Node node = nodeOrNull(file, name);
            if (!(node instanceof Dataset dataset)) {
                return ValidationResult.failure(ValidationResult.MISSING_DATASET, output + ": required dataset '" + name
                        + "' " + (node == null ? "is missing" : "is not a dataset (" + node.getType() + ")"));
            }
            int[] dimensions = dataset.getDimensions();
            if (dimensions.length == 0) {
                return ValidationResult.failure(ValidationResult.BAD_SHAPE,
                        output + ": dataset '" + name + "' is scalar, expected one row per galaxy");
            }
            if (dataset instanceof ContiguousDataset contiguous && !dataset.isEmpty()) {
                long dataEnd = contiguous.getDataAddress() + dataset.getStorageInBytes();
                if (dataEnd > size) {
                    return truncated(output, size, dataEnd);
                }
            }
            if (rows < 0) {
                rows = dimensions[0];
                firstName = name;
            } else if (dimensions[0] != rows) {
                return ValidationResult.failure(ValidationResult.BAD_SHAPE, output + ": dataset '" + name + "' has "
                        + dimensions[0] + " rows (shape " + Arrays.toString(dimensions) + ") but '" + firstName
                        + "' has " + rows);
            }
        }
        long found = Math.max(rows, 0);
        return ValidationResult.ok(output + ": " + found + " rows in " + requiredDatasets, found);
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
