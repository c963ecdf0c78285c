package io.thingstead.provisioning.internal.template;

import java.util.Objects;

/**
 * A template that cannot be parsed or evaluated, or parameters that do not fit it. The message starts with the path
 * of the template (or request) member that is wrong, e.g. {@code Resources.thing.Properties.ThingName.Fn::Join[1]: ...},
 * and never contains more than a short, printable excerpt of what a device sent.
 */
public class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String path;

    public TemplateException(String path, String problem) {
        super(path.isEmpty() ? problem : path + ": " + problem);
        this.path = Objects.requireNonNull(path, "path");
    }

    /** Where the problem is, e.g. {@code Resources.thing.Properties.ThingName}. */
    public String path() {
        return path;
    }

    /**
     * A value from a request or a template, made safe to quote in a message: at most 64 characters, control
     * characters replaced by {@code ?}.
     */
    public static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String cut = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
