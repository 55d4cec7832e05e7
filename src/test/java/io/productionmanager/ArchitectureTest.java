package io.productionmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds the layers of docs/architecture.md: cli → app (Camel wiring) → stage services → production
 * model → store / config / executor (+ slurm, local, git), read from the sources' references.
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/io/productionmanager");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.productionmanager\\.([a-z]+)\\.");
    private static final Pattern TERMINAL = Pattern.compile("\\bSystem\\.(out|err)\\b");

    private static final Pattern BLOCK_COMMENT = Pattern.compile("(?s)/\\*.*?\\*/");

    private static final Set<String> STAGE_SERVICES = Set.of("init", "stage", "submit", "poll", "qa", "cleanup");
    private static final Set<String> EXECUTORS = Set.of("executor", "slurm", "local");

    @Test
    void stage_services_do_not_depend_on_the_camel_wiring() {
        assertThat(violations(STAGE_SERVICES, Set.of("app")))
                .as("a stage service imports app (Camel wiring); move what it needs into the production model")
                .isEmpty();
    }

    @Test
    void the_production_model_sits_below_the_stage_services_and_the_wiring() {
        Set<String> above = new java.util.HashSet<>(STAGE_SERVICES);
        above.add("app");
        above.add("cli");
        assertThat(violations(Set.of("production"), above)).as("the production model imports a layer above it").isEmpty();
    }

    @Test
    void the_store_and_the_executors_do_not_know_each_other() {
        assertThat(violations(Set.of("store"), EXECUTORS)).as("store imports an executor package").isEmpty();
        assertThat(violations(EXECUTORS, Set.of("store"))).as("an executor package imports store").isEmpty();
    }

    @Test
    void config_depends_on_nothing_of_ours() {
        List<String> found = new ArrayList<>();
        for (Path source : sources("config")) {
            for (String target : referencedPackages(source)) {
                if (!target.equals("config")) {
                    found.add(MAIN.relativize(source) + " -> " + target);
                }
            }
        }
        assertThat(found).as("config imports another package of ours").isEmpty();
    }

    @Test
    void nothing_below_cli_writes_to_the_terminal() {
        List<String> found = new ArrayList<>();
        try (Stream<Path> all = Files.walk(MAIN)) {
            for (Path source : all.filter(p -> p.toString().endsWith(".java")).toList()) {
                String relative = MAIN.relativize(source).toString().replace('\\', '/');
                if (relative.startsWith("cli/") || relative.equals("mock/MockCatalogGenerator.java")) {
                    continue; // the commands own the terminal; the toy generator's own main prints its usage
                }
                String text = withoutComments(read(source));
                Matcher m = TERMINAL.matcher(text);
                while (m.find()) {
                    found.add(relative + ":" + lineOf(text, m.start()) + " uses System." + m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(found).as("code below cli writes to the terminal").isEmpty();
    }

    @Test
    void the_check_sees_a_violation_when_one_is_there() {
        assertThat(referencedPackages("package io.productionmanager.stage;\nimport io.productionmanager.app.Workspace;\n"))
                .contains("app");
        assertThat(referencedPackages("import static io.productionmanager.store.Sql.query;")).contains("store");
        assertThat(referencedPackages("// io.productionmanager.app.Workspace in a comment\n")).isEmpty();
        assertThat(TERMINAL.matcher(withoutComments("x(); System.out.println(1);")).find()).isTrue();
    }

    private static List<String> violations(Set<String> from, Set<String> forbidden) {
        List<String> found = new ArrayList<>();
        for (String pkg : from) {
            for (Path source : sources(pkg)) {
                for (String target : referencedPackages(source)) {
                    if (forbidden.contains(target) && !target.equals(pkg)) {
                        found.add(MAIN.relativize(source) + " -> " + target);
                    }
                }
            }
        }
        return found;
    }

    private static List<Path> sources(String pkg) {
        Path dir = MAIN.resolve(pkg);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> referencedPackages(Path source) {
        return referencedPackages(read(source));
    }

    private static Set<String> referencedPackages(String text) {
        Set<String> packages = new java.util.TreeSet<>();
        for (String line : withoutComments(text).split("\n")) {
            if (line.strip().startsWith("package ")) {
                continue;
            }
            Matcher m = REFERENCE.matcher(line);
            while (m.find()) {
                packages.add(m.group(1));
            }
        }
        return packages;
    }

    /** Blanks out comments (keeping line breaks) so a javadoc mention is not a dependency. */
    private static String withoutComments(String text) {
        return BLOCK_COMMENT.matcher(text).replaceAll(m -> m.group().replaceAll("[^\n]", " "))
                .replaceAll("//[^\n]*", "");
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
