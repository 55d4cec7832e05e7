package io.productionmanager.cli;

import java.security.MessageDigest;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * JDK start-up work a short command does anyway a moment later, done ahead: on the SQLite driver's set-up thread
 * before the driver ({@code list}), or while the command waits for that thread ({@code status}): the SHA-256
 * digest's security provider (configuration resolution hashes the production file) and the number symbols of the
 * default format locale ({@code printf} of a number). Both only
 * fill the JDK's own caches with the values the command would put there; nothing else is touched, and a failure is
 * left for the command to meet.
 */
final class JdkWarmUp implements Runnable {

    /** What to warm. */
    private final boolean digest;
    private final boolean numbers;

    private JdkWarmUp(boolean digest, boolean numbers) {
        this.digest = digest;
        this.numbers = numbers;
    }

    /** The SHA-256 provider only. */
    static JdkWarmUp digest() {
        return new JdkWarmUp(true, false);
    }

    /** The number symbols only. */
    static JdkWarmUp numbers() {
        return new JdkWarmUp(false, true);
    }

    @Override
    public void run() {
        try {
            if (digest) {
                MessageDigest.getInstance("SHA-256").digest(new byte[0]);
            }
            if (numbers) {
                DecimalFormatSymbols.getInstance(Locale.getDefault(Locale.Category.FORMAT));
            }
        } catch (Exception e) {
            // the command does it itself, and reports it
        }
    }
}
