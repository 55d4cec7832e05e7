package io.productionmanager.stage;

/** The batch script template could not be loaded or rendered; the message names the template and the line. */
public class ScriptTemplateException extends RuntimeException {

    public ScriptTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
