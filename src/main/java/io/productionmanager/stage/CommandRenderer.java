package io.productionmanager.stage;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns {@code execution.command} words into a bash command line in which no configuration text is
 * ever evaluated: literals are single-quoted, per-task values are double-quoted variable expansions.
 */
public final class CommandRenderer {

    /** A placeholder: {@code {name}} with a bare identifier inside, or {@code {param.NAME}}. */
    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\{(param\\.[A-Za-z0-9_][A-Za-z0-9_.-]*|[A-Za-z_][A-Za-z0-9_]*)}");

    /** Prefix of the placeholders naming a key of {@code science.catalog_params}. */
    private static final String PARAM = "param.";

    /** Placeholders bound at run time to the variables the script reads from its manifest line. */
    private static final Map<String, String> VARIABLES = Map.of(
            "realization", "\"$PM_REALIZATION\"",
            "redshift", "\"$PM_REDSHIFT\"",
            "output", "\"$PM_OUTPUT\"",
            "job_id", "\"$PM_JOB_ID\"",
            "attempt", "\"$PM_ATTEMPT\"",
            "cosmology", "\"$PM_COSMOLOGY\"");

    /** The placeholder replaced at render time by the application jar's path. */
    private static final String APP_JAR = "app_jar";

    private CommandRenderer() {
    }

    /**
     * The command line for {@code words}: each word becomes one shell word, a concatenation of
     * single-quoted literals and double-quoted variables, e.g. {@code --out={output}} →
     * {@code '--out='"$PM_OUTPUT"}. {@code appJar} replaces {@code {app_jar}} and may be null when
     * the command does not use it.
     *
     * @throws IllegalArgumentException naming the word for an unknown placeholder, an empty command,
     *                                  or a word holding a carriage return or NUL
     */
    public static String render(List<String> words, Path appJar) {
        return render("execution.command", words, appJar, Map.of());
    }

    /**
     * As {@link #render(List, Path)} for the command in {@code field} (e.g. {@code outputs.validation.check_command}),
     * with {@code {param.NAME}} replaced by the single-quoted text of {@code catalogParams.get(NAME)}.
     */
    public static String render(String field, List<String> words, Path appJar, Map<String, Object> catalogParams) {
        if (words == null || words.isEmpty()) {
            throw new IllegalArgumentException(field + ": the command is empty");
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) {
                line.append(' ');
            }
            line.append(renderWord(field, i, words.get(i), appJar, catalogParams));
        }
        return line.toString();
    }

    /**
     * The text a catalog parameter takes in a command or the environment: a string as it is, a number in plain
     * decimal notation ({@code 25.0}, {@code 5000}).
     *
     * @throws IllegalArgumentException naming {@code field} if the text holds a NUL or carriage return
     */
    public static String valueText(String field, Object value) {
        String text;
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            text = Double.isFinite(d) ? java.math.BigDecimal.valueOf(d).toPlainString() : String.valueOf(d);
        } else {
            text = String.valueOf(value);
        }
        // Bash cannot hold NUL in a word; a carriage return would not survive line-ending normalisation.
        if (text.indexOf('\0') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(field + ": '" + SafeValues.printable(text)
                    + "' contains a NUL or carriage return character, which cannot reach a job");
        }
        return text;
    }

    private static String renderWord(String field, int index, String word, Path appJar, Map<String, Object> params) {
        String where = field + " word " + (index + 1) + " '" + SafeValues.printable(word) + "'";
        if (word == null) {
            throw new IllegalArgumentException(field + " word " + (index + 1) + " is null");
        }
        // Bash cannot hold NUL in a word; a carriage return would not survive line-ending normalisation.
        if (word.indexOf('\0') >= 0 || word.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(where + ": contains a NUL or carriage return character");
        }
        if (word.isEmpty()) {
            return "''";
        }
        StringBuilder out = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(word);
        int literalStart = 0;
        while (m.find()) {
            appendLiteral(out, word.substring(literalStart, m.start()));
            String name = m.group(1);
            if (APP_JAR.equals(name)) {
                if (appJar == null) {
                    throw new IllegalArgumentException(where + ": uses {app_jar} but no application jar is known");
                }
                appendLiteral(out, appJarText(appJar));
            } else if (VARIABLES.containsKey(name)) {
                out.append(VARIABLES.get(name));
            } else if (name.startsWith(PARAM) && params.containsKey(name.substring(PARAM.length()))) {
                String key = name.substring(PARAM.length());
                appendLiteral(out, valueText("science.catalog_params." + key, params.get(key)));
            } else {
                throw new IllegalArgumentException(where + ": unknown placeholder {" + name
                        + "}; known: {realization} {redshift} {output} {job_id} {attempt} {app_jar} {cosmology} {param.NAME}"
                        + " (NAME a key of science.catalog_params)");
            }
            literalStart = m.end();
        }
        appendLiteral(out, word.substring(literalStart));
        // a word that is only a placeholder of an empty parameter is still one (empty) argument
        return out.isEmpty() ? "''" : out.toString();
    }

    private static String appJarText(Path appJar) {
        String text = appJar.toAbsolutePath().normalize().toString();
        return SafeValues.requireNoControlCharacters("application jar path", text);
    }

    private static void appendLiteral(StringBuilder out, String literal) {
        if (!literal.isEmpty()) {
            out.append(singleQuote(literal));
        }
    }

    /** {@code text} as one single-quoted bash word: {@code '} becomes {@code '\''}, nothing else is special. */
    public static String singleQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
