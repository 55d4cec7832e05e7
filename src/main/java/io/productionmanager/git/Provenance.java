package io.productionmanager.git;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The reproducibility record of one production, written to {@code metadata/version_info.json} and into the tag message.
 *
 * @param name               production name
 * @param version            production version
 * @param machine            machine defaults used
 * @param jobCount           number of jobs
 * @param configFile         production file, absolute
 * @param configRepoPath     production file relative to the repository root, or null without git
 * @param configSha256       SHA-256 of the production file bytes, lowercase hex
 * @param configTracked      whether the production file is tracked by git
 * @param workingTree        {@code clean}, {@code dirty}, or {@code unknown} with {@code --no-git}
 * @param modifiedFiles      tracked files with uncommitted changes
 * @param untrackedFiles     untracked files in the working tree
 * @param allowDirty         {@code --allow-dirty} was given
 * @param noGit              {@code --no-git} was given
 * @param gitCommit          commit the tag points at, or null with {@code --no-git}
 * @param gitBranch          branch at tagging time, or null (detached HEAD or no git)
 * @param repoRoot           repository working tree root, or null with {@code --no-git}
 * @param tagName            tag created for this production, or null with {@code --no-git}
 * @param applicationVersion production-manager version
 * @param javaVersion        {@link Runtime#version()}
 * @param javaVendor         {@code java.vendor}
 * @param os                 operating system name, version and architecture
 * @param host               host name where {@code init} ran
 * @param createdAt          when the production was initialised (the tag timestamp)
 * @param warnings           reproducibility warnings, empty when none
 */
public record Provenance(
        String name,
        String version,
        String machine,
        long jobCount,
        Path configFile,
        String configRepoPath,
        String configSha256,
        boolean configTracked,
        String workingTree,
        List<String> modifiedFiles,
        List<String> untrackedFiles,
        boolean allowDirty,
        boolean noGit,
        String gitCommit,
        String gitBranch,
        Path repoRoot,
        String tagName,
        String applicationVersion,
        String javaVersion,
        String javaVendor,
        String os,
        String host,
        Instant createdAt,
        List<String> warnings) {

    /** How many files of each list the tag message shows; the JSON file always has them all. */
    static final int MESSAGE_MAX_LISTED = 50;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Provenance {
        modifiedFiles = List.copyOf(modifiedFiles);
        untrackedFiles = List.copyOf(untrackedFiles);
        warnings = List.copyOf(warnings);
    }

    /** Pretty JSON for {@code metadata/version_info.json}; keys always in the same order. */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("production_name", name);
        o.put("production_version", version);
        o.put("machine", machine);
        o.put("job_count", jobCount);
        o.put("config_file", configFile == null ? null : configFile.toString());
        o.put("config_repo_path", configRepoPath);
        o.put("config_sha256", configSha256);
        o.put("config_tracked", configTracked);
        o.put("working_tree", workingTree);
        o.put("clean", "clean".equals(workingTree));
        strings(o.putArray("modified_files"), modifiedFiles);
        strings(o.putArray("untracked_files"), untrackedFiles);
        o.put("allow_dirty", allowDirty);
        o.put("no_git", noGit);
        o.put("git_commit", gitCommit);
        o.put("git_branch", gitBranch);
        o.put("repo_root", repoRoot == null ? null : repoRoot.toString());
        o.put("tag_name", tagName);
        o.put("application_version", applicationVersion);
        o.put("java_version", javaVersion);
        o.put("java_vendor", javaVendor);
        o.put("os", os);
        o.put("host", host);
        o.put("created_at", createdAt.toString());
        strings(o.putArray("warnings"), warnings);
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            // An in-memory tree of strings and numbers always serialises.
            throw new IllegalStateException(e);
        }
    }

    /** Readable annotated-tag message: a header line, {@code key: value} lines, then warnings and file lists. */
    public String tagMessage() {
        StringBuilder sb = new StringBuilder();
        sb.append("production ").append(name).append(' ').append(version).append("\n\n");
        line(sb, "name", name);
        line(sb, "version", version);
        line(sb, "machine", machine);
        line(sb, "job_count", Long.toString(jobCount));
        line(sb, "config_file", configRepoPath != null ? configRepoPath : String.valueOf(configFile));
        line(sb, "config_sha256", configSha256);
        line(sb, "config_tracked", Boolean.toString(configTracked));
        line(sb, "working_tree", workingTree);
        line(sb, "allow_dirty", Boolean.toString(allowDirty));
        line(sb, "git_commit", gitCommit);
        line(sb, "git_branch", gitBranch);
        line(sb, "application_version", applicationVersion);
        line(sb, "java_version", javaVersion);
        line(sb, "os", os);
        line(sb, "host", host);
        line(sb, "created_at", createdAt.toString());
        list(sb, "warnings", warnings);
        list(sb, "modified_files", modifiedFiles);
        list(sb, "untracked_files", untrackedFiles);
        return sb.toString();
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append(": ").append(value == null ? "-" : value).append('\n');
    }

    private static void list(StringBuilder sb, String key, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        sb.append('\n').append(key).append(" (").append(values.size()).append("):\n");
        values.stream().limit(MESSAGE_MAX_LISTED).forEach(v -> sb.append("  ").append(v).append('\n'));
        if (values.size() > MESSAGE_MAX_LISTED) {
            sb.append("  and ").append(values.size() - MESSAGE_MAX_LISTED).append(" more\n");
        }
    }
}
