package io.productionmanager.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may use the daemon's HTTP server: the address it listens on and, when set, the token every request
 * must carry. Listening on anything but loopback ({@code 127.0.0.1}, {@code localhost}, {@code ::1})
 * requires a token.
 */
public final class HttpAccess {

    /** Environment variable holding the token (a flag beats it). */
    public static final String TOKEN_ENV = "PM_HTTP_TOKEN";
    /** Environment variable naming a file that holds the token (a flag beats it). */
    public static final String TOKEN_FILE_ENV = "PM_HTTP_TOKEN_FILE";
    /** Shortest token accepted. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");
    // fits unquoted in a header, a cookie and a query parameter
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]+");

    private final String host;
    private final byte[] token;

    private HttpAccess(String host, String token) {
        this.host = host;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** Loopback without a token (tests and embedding). */
    public static HttpAccess loopback() {
        return new HttpAccess("127.0.0.1", null);
    }

    /**
     * The access rules of {@code run}: the token from {@code --http-token}, else {@code --http-token-file},
     * else {@value #TOKEN_ENV}, else the file named by {@value #TOKEN_FILE_ENV}. Flags beat the environment.
     *
     * @throws IllegalArgumentException both flags are given, the token or its file is unusable, or the host is
     *                                  not loopback and no token is given
     */
    public static HttpAccess resolve(String host, String tokenFlag, Path tokenFileFlag, Map<String, String> env) {
        if (tokenFlag != null && tokenFileFlag != null) {
            throw new IllegalArgumentException("give --http-token or --http-token-file, not both");
        }
        String token;
        if (tokenFlag != null) {
            token = check(tokenFlag, "--http-token");
        } else if (tokenFileFlag != null) {
            token = readFile(tokenFileFlag, "--http-token-file");
        } else if (notBlank(env.get(TOKEN_ENV))) {
            token = check(env.get(TOKEN_ENV), TOKEN_ENV);
        } else if (notBlank(env.get(TOKEN_FILE_ENV))) {
            token = readFile(Path.of(env.get(TOKEN_FILE_ENV)), TOKEN_FILE_ENV);
        } else {
            token = null;
        }
        if (token == null && !isLoopback(host)) {
            throw new IllegalArgumentException("--http-host " + host + " is not a loopback address: the HTTP server "
                    + "then needs a token (--http-token-file FILE, --http-token TOKEN, or " + TOKEN_FILE_ENV + " / "
                    + TOKEN_ENV + ")");
        }
        return new HttpAccess(host, token);
    }

    /** True for the addresses that need no token. */
    public static boolean isLoopback(String host) {
        return LOOPBACK.contains(host.toLowerCase(java.util.Locale.ROOT));
    }

    public String host() {
        return host;
    }

    /** True when requests must carry the token. */
    public boolean tokenRequired() {
        return token != null;
    }

    /** True when no token is required, or {@code presented} is the token (compared in constant time). */
    public boolean accepts(String presented) {
        if (token == null) {
            return true;
        }
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String readFile(Path file, String source) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(source + ": cannot read the token file " + file + ": " + e.getMessage(), e);
        }
        return check(text, source + " " + file);
    }

    private static String check(String token, String source) {
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException(source + ": the token must have at least " + MIN_TOKEN_LENGTH
                    + " characters (e.g. `openssl rand -hex 32`), it has " + token.length());
        }
        if (!TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException(source + ": the token may hold only letters, digits and . _ ~ + / = -");
        }
        return token;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    @Override
    public String toString() {
        return "HttpAccess[host=" + host + ", token " + (token == null ? "none" : "set") + "]";
    }
}
