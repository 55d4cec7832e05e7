package io.productionmanager.init;

/** Init failed at a step; everything it had created was removed. */
public class InitException extends RuntimeException {
    private final InitStep step;

    public InitException(String name, InitStep step, Throwable cause) {
        super("init of '" + name + "' failed at step '" + step.description() + "': " + message(cause)
                + " (nothing was left behind)", cause);
        this.step = step;
    }

    public InitStep step() {
        return step;
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
