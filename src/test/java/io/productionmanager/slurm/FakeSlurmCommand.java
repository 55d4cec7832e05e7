package io.productionmanager.slurm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** A stand-in SLURM command: a bash script that records its arguments, prints given output and exits. */
final class FakeSlurmCommand {

    private final Path script;
    private final Path args;

    private FakeSlurmCommand(Path script, Path args) {
        this.script = script;
        this.args = args;
    }

    /** A command printing {@code stdout} and {@code stderr} (verbatim) and exiting with {@code exit}. */
    static FakeSlurmCommand create(Path dir, String name, String stdout, String stderr, int exit) {
        return write(dir, name, "cat '" + dir.resolve(name + ".stdout") + "'\n"
                + "cat '" + dir.resolve(name + ".stderr") + "' >&2\n"
                + "exit " + exit + "\n", stdout, stderr);
    }

    /** A command that never answers by itself. */
    static FakeSlurmCommand hanging(Path dir, String name) {
        return write(dir, name, "sleep 120\n", "", "");
    }

    private static FakeSlurmCommand write(Path dir, String name, String body, String stdout, String stderr) {
        try {
            Path args = dir.resolve(name + ".args");
            Files.writeString(dir.resolve(name + ".stdout"), stdout);
            Files.writeString(dir.resolve(name + ".stderr"), stderr);
            Path script = dir.resolve(name);
            Files.writeString(script, "#!/bin/bash\nprintf '%s\\n' \"$@\" >> '" + args + "'\n" + body);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            return new FakeSlurmCommand(script, args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String path() {
        return script.toString();
    }

    /** Arguments of every call so far, one per line. */
    List<String> arguments() {
        try {
            return Files.exists(args) ? Files.readAllLines(args) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
