package io.productionmanager.local;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses SLURM {@code --time} values: {@code M}, {@code M:S}, {@code H:M:S}, {@code D-H}, {@code D-H:M}, {@code D-H:M:S}. */
public final class TimeLimit {

    private static final Pattern WITH_DAYS = Pattern.compile("(\\d+)-(\\d+)(?::(\\d+))?(?::(\\d+))?");
    private static final Pattern WITHOUT_DAYS = Pattern.compile("(\\d+)(?::(\\d+))?(?::(\\d+))?");

    private TimeLimit() {
    }

    /**
     * The limit as a duration, or null for no limit ({@code 0}, {@code UNLIMITED}, {@code INFINITE}, as in SLURM).
     *
     * @throws IllegalArgumentException when the value matches none of the formats
     */
    public static Duration parse(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("UNLIMITED") || v.equalsIgnoreCase("INFINITE")) {
            return null;
        }
        Duration limit;
        Matcher days = WITH_DAYS.matcher(v);
        Matcher plain = WITHOUT_DAYS.matcher(v);
        if (days.matches()) {
            limit = Duration.ofDays(number(days.group(1)))
                    .plusHours(number(days.group(2)))
                    .plusMinutes(number(days.group(3)))
                    .plusSeconds(number(days.group(4)));
        } else if (plain.matches()) {
            if (plain.group(3) != null) {
                limit = Duration.ofHours(number(plain.group(1))).plusMinutes(number(plain.group(2)))
                        .plusSeconds(number(plain.group(3)));
            } else {
                limit = Duration.ofMinutes(number(plain.group(1))).plusSeconds(number(plain.group(2)));
            }
        } else {
            throw new IllegalArgumentException("invalid time limit '" + value
                    + "' (expected M, M:S, H:M:S, D-H, D-H:M, D-H:M:S or UNLIMITED)");
        }
        return limit.isZero() ? null : limit;
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
