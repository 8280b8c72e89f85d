package io.sluice.broker.topic;

import java.util.regex.Pattern;

/**
 * The rules for topic names. A name becomes part of a directory name ({@code <topic>-<partition>})
 * under the data directory, so it is limited to characters that are safe in file names on every
 * platform, and short enough that the partition folder name and its suffixes stay below the
 * common 255-byte file name limit.
 *
 * <ul>
 *   <li>1 to {@value #MAX_LENGTH} characters;
 *   <li>only ASCII letters, digits, {@code '.'}, {@code '_'} and {@code '-'};
 *   <li>not {@code "."} or {@code ".."}.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class TopicNames {
    /**
     * Longest topic name. {@code <topic>-<partition>} plus room for suffixes a directory may get
     * while it is deleted must fit a 255-byte file name.
     */
    public static final int MAX_LENGTH = 200;

    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9._-]+");

    private TopicNames() {}

    /**
     * Returns the name if it is legal.
     *
     * @throws InvalidTopicNameException naming the rule the name breaks
     */
    public static String validate(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidTopicNameException("topic name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidTopicNameException(
                    "topic name has " + name.length() + " characters; at most " + MAX_LENGTH + " are allowed");
        }
        if (!LEGAL.matcher(name).matches()) {
            throw new InvalidTopicNameException(
                    "topic name '" + printable(name) + "' may only contain ASCII letters, digits, '.', '_' and '-'");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new InvalidTopicNameException("topic name must not be '.' or '..'");
        }
        return name;
    }

    public static boolean isValid(String name) {
        try {
            validate(name);
            return true;
        } catch (InvalidTopicNameException e) {
            return false;
        }
    }

    /** Escapes control characters so an illegal name cannot forge log lines. */
    private static String printable(String name) {
        StringBuilder sb = new StringBuilder(Math.min(name.length(), MAX_LENGTH + 16));
        for (int i = 0; i < name.length() && sb.length() < MAX_LENGTH + 16; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
