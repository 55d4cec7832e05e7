package io.productionmanager.local;

import io.productionmanager.executor.SubmitRejectedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code #SBATCH} directives of an array script that matter on this machine.
 *
 * @param script    the script file
 * @param output    {@code --output} pattern, or null (SLURM's default {@code slurm-%A_%a.out})
 * @param error     {@code --error} pattern, or null (stderr goes with stdout)
 * @param timeLimit {@code --time} as a duration, or null for no limit
 * @param array     {@code --array} specification, or null when the script has none
 * @param chdir     {@code --chdir} working directory, or null
 */
public record ArrayScript(Path script, String output, String error, Duration timeLimit, ArraySpec array, String chdir,
                          Long memBytes, Integer cpus) {

    /**
     * Reads the directives the way sbatch does: {@code #SBATCH} lines before the first command line.
     *
     * @throws SubmitRejectedException when the script cannot be read or a directive's value is invalid
     *                                 (the message names file, line and option)
     */
    public static ArrayScript parse(Path script) {
        List<String> lines;
        try {
            lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SubmitRejectedException("cannot read batch script " + script + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.get(0).startsWith("#!")) {
            // sbatch refuses such scripts too; the same rule here keeps local and SLURM runs alike
            throw new SubmitRejectedException(script + ":1: batch script does not start with an interpreter line (#!)");
        }
        String output = null;
        String error = null;
        Duration time = null;
        ArraySpec array = null;
        String chdir = null;
        Long mem = null;
        Integer cpus = null;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            if (!line.startsWith("#")) {
                break;
            }
            if (!line.startsWith("#SBATCH")) {
                continue;
            }
            int lineNumber = i + 1;
            String[] directive = split(line.substring("#SBATCH".length()).trim());
            if (directive == null) {
                continue;
            }
            String option = directive[0];
            String value = directive[1];
            try {
                switch (option) {
                    case "--output", "-o" -> output = required(option, value);
                    case "--error", "-e" -> error = required(option, value);
                    case "--time", "-t" -> time = TimeLimit.parse(required(option, value));
                    case "--array", "-a" -> array = ArraySpec.parse(required(option, value));
                    case "--chdir", "-D" -> chdir = required(option, value);
                    // not enforced on this machine; reported with the task's usage as what it reserved
                    case "--mem" -> mem = memory(required(option, value));
                    case "--cpus-per-task", "-c" -> cpus = Integer.valueOf(required(option, value));
                    default -> {
                        // other resources (--partition, --nodes, …) have no meaning on this machine
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new SubmitRejectedException(script + ":" + lineNumber + ": #SBATCH " + option + ": " + e.getMessage());
            }
        }
        return new ArrayScript(script, output, error, time, array, chdir, mem, cpus);
    }

    /** sbatch's {@code --mem}: a number with an optional K, M (the default), G or T suffix. */
    static long memory(String value) {
        String v = value.trim();
        char last = Character.toUpperCase(v.charAt(v.length() - 1));
        int shift = switch (last) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> -1;
        };
        String number = shift < 0 ? v : v.substring(0, v.length() - 1);
        try {
            return Long.parseLong(number) << (shift < 0 ? 20 : shift);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a memory size like 16G or 1536M, got '" + value + "'", e);
        }
    }

    private static String required(String option, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing value");
        }
        return value;
    }

    /** Splits {@code --opt=value}, {@code --opt value} or {@code -o value} into option and unquoted value. */
    private static String[] split(String text) {
        if (text.isEmpty()) {
            return null;
        }
        String option;
        String value;
        int eq = text.indexOf('=');
        int space = indexOfWhitespace(text);
        if (text.startsWith("--") && eq > 0 && (space < 0 || eq < space)) {
            option = text.substring(0, eq);
            value = text.substring(eq + 1).trim();
        } else if (space > 0) {
            option = text.substring(0, space);
            value = text.substring(space).trim();
        } else {
            option = text;
            value = null;
        }
        return new String[] {option, unquote(value)};
    }

    private static int indexOfWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String value) {
        if (value != null && value.length() >= 2) {
            char first = value.charAt(0);
            if ((first == '\'' || first == '"') && value.charAt(value.length() - 1) == first) {
                return value.substring(1, value.length() - 1);
            }
        }
        return value;
    }

    /** Replaces SLURM's filename patterns: {@code %A} array id, {@code %a} task, {@code %j} job id, {@code %x} name, {@code %%}. */
    public static String expand(String pattern, String arrayId, int taskId, long jobId, String jobName) {
        StringBuilder out = new StringBuilder(pattern.length() + 16);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 >= pattern.length()) {
                out.append(c);
                continue;
            }
            char p = pattern.charAt(++i);
            switch (p) {
                case 'A' -> out.append(arrayId);
                case 'a' -> out.append(taskId);
                case 'j' -> out.append(jobId);
                case 'x' -> out.append(jobName);
                case '%' -> out.append('%');
                default -> out.append('%').append(p);
            }
        }
        return out.toString();
    }
}
