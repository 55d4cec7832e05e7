package io.productionmanager.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits {@code execution.command} into argument words without ever involving a shell: whitespace
 * separates words, single or double quotes group, shell metacharacters are refused everywhere, and
 * only the known {@code {placeholders}} may appear in braces.
 */
public final class CommandTokenizer {

    /** The placeholders a command may use; they stay unexpanded in the words. */
    public static final Set<String> PLACEHOLDERS =
            Set.of("realization", "redshift", "output", "job_id", "attempt", "app_jar", "cosmology");

    /** Prefix of the placeholders naming a key of {@code science.catalog_params}: {@code {param.NAME}}. */
    public static final String PARAM_PREFIX = "param.";

    /** What may follow {@link #PARAM_PREFIX}: a catalog_params key. */
    private static final java.util.regex.Pattern PARAM_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    /** Characters a shell would interpret; refused anywhere in a command, quoted or not. */
    private static final String METACHARACTERS = ";|&$`<>()\\*?~";

    private CommandTokenizer() {
    }

    /**
     * The command's words, placeholders unexpanded.
     *
     * @throws IllegalArgumentException with a message naming the offending character or placeholder
     */
    public static List<String> tokenize(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            checkCharacter(c, i);
            if (c == '{') {
                int end = command.indexOf('}', i);
                String name = end < 0 ? "" : command.substring(i + 1, end);
                if (end < 0 || !isPlaceholder(name)) {
                    throw new IllegalArgumentException((end < 0 ? "unclosed '{' at position " + (i + 1)
                            : "unknown placeholder '{" + name + "}'") + "; allowed placeholders: " + allowed());
                }
                word = word == null ? new StringBuilder() : word;
                word.append(command, i, end + 1);
                i = end;
            } else if (c == '}') {
                throw new IllegalArgumentException("unmatched '}' at position " + (i + 1));
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\'' || c == '"') {
                    throw new IllegalArgumentException("a quote character (" + c + ") inside a quoted word is not allowed");
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (c == ' ' || c == '\t') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated " + (quote == '\'' ? "single" : "double") + " quote");
        }
        if (word != null) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("the command is empty");
        }
        return List.copyOf(words);
    }

    /** True for a known placeholder name or {@code param.NAME}. */
    static boolean isPlaceholder(String name) {
        return PLACEHOLDERS.contains(name)
                || name.startsWith(PARAM_PREFIX) && PARAM_NAME.matcher(name.substring(PARAM_PREFIX.length())).matches();
    }

    /** The catalog_params keys that {@code words} name in {@code {param.NAME}} placeholders, in order of use. */
    public static List<String> paramNames(List<String> words) {
        List<String> names = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{" + java.util.regex.Pattern.quote(PARAM_PREFIX)
                + "([^}]*)}").matcher(String.join(" ", words));
        while (m.find()) {
            if (!names.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static void checkCharacter(char c, int index) {
        if (c == '\n' || c == '\r') {
            throw new IllegalArgumentException("a newline is not allowed in a command");
        }
        if (METACHARACTERS.indexOf(c) >= 0) {
            throw new IllegalArgumentException("shell metacharacter '" + c + "' at position " + (index + 1)
                    + " is not allowed (the command is never run by a shell; characters " + METACHARACTERS + " are refused)");
        }
        if (c < 0x20 && c != '\t' || c == 0x7f) {
            throw new IllegalArgumentException("control character U+" + String.format("%04X", (int) c) + " at position " + (index + 1) + " is not allowed");
        }
    }

    private static String allowed() {
        return String.join(" ", PLACEHOLDERS.stream().sorted().map(p -> "{" + p + "}").toList()) + " {param.NAME}";
    }
}
