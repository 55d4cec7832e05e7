package io.productionmanager.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running from compiled classes, {@code {app_jar}} becomes a class-path jar listing this process's class path. */
class AppInfoTest {

    @TempDir
    Path tmp;

    @Test
    void the_class_path_jar_lists_folders_and_jars_as_urls_and_is_reused() throws Exception {
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        Path lib = Files.createFile(tmp.resolve("lib.jar"));
        String classPath = classes + File.pathSeparator + lib;

        Path jar = AppInfo.classPathJar(classPath, tmp.resolve("out"));

        try (JarFile j = new JarFile(jar.toFile())) {
            String cp = j.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            assertThat(cp.split(" ")).containsExactly(classes.toUri().toString(), lib.toUri().toString());
            assertThat(classes.toUri().toString()).endsWith("/");
        }
        assertThat(AppInfo.classPathJar(classPath, tmp.resolve("out"))).isEqualTo(jar);
        assertThat(AppInfo.classPathJar(lib.toString(), tmp.resolve("out"))).isNotEqualTo(jar);
    }

    @Test
    void a_configured_jar_wins() {
        assertThat(AppInfo.jar("/opt/pm/production-manager.jar")).isEqualTo(Path.of("/opt/pm/production-manager.jar"));
    }

    @Test
    void under_the_tests_the_application_runs_from_classes_and_gets_a_class_path_jar() {
        Path jar = AppInfo.jar(null);

        assertThat(jar).isNotNull().isRegularFile();
        assertThat(jar.getFileName().toString()).startsWith("production-manager-classpath-");
    }
}
