package io.sluice.jms.message;

import jakarta.jms.MessageFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The classes an ObjectMessage body may contain when it is deserialized. Deserializing bytes from
 * the network runs the {@code readObject} methods of whatever classes they name, so Sluice only
 * resolves classes on this list: an {@link ObjectInputFilter} rejects any other class before an
 * instance of it is created, and {@code getObject()} throws {@link MessageFormatException}.
 *
 * <p>Entries, separated by commas:
 *
 * <pre>
 * com.acme.Order      that class (a nested class needs its own entry, e.g. com.acme.Order$Line)
 * com.acme.*          every class in package com.acme
 * com.acme.**         every class in com.acme and its subpackages
 * *                   every class: turns the protection off; only for fully trusted senders
 * </pre>
 *
 * The default is {@value #DEFAULT_ENTRIES}. The system property {@value #SYSTEM_PROPERTY} replaces
 * it for every connection that is not given a list of its own. Arrays are checked by their element
 * class; primitive arrays are always allowed. Independently of the list, a stream may nest objects
 * at most {@value #MAX_DEPTH} deep and no array may claim more elements than the body has bytes, so
 * a forged length cannot exhaust the heap.
 *
 * <p>Immutable and thread-safe.
 */
public final class ObjectMessageAllowList {
    /** The system property that replaces the default entries. */
    public static final String SYSTEM_PROPERTY = "sluice.jms.objectMessage.allowList";

    /** The classes allowed when nothing is configured. */
    public static final String DEFAULT_ENTRIES = "java.lang.*,java.util.**,java.math.*,java.time.**";

    /** The deepest object nesting accepted. */
    public static final int MAX_DEPTH = 256;

    private static final Pattern ENTRY = Pattern.compile(
            "\\*|\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*(\\.\\*\\*?)?");

    private static final ObjectMessageAllowList DEFAULTS = parse(DEFAULT_ENTRIES);

    private final List<String> entries;
    private final boolean allowAll;

    private ObjectMessageAllowList(List<String> entries) {
        this.entries = Collections.unmodifiableList(entries);
        this.allowAll = entries.contains("*");
    }

    /** The default list: {@value #DEFAULT_ENTRIES}. */
    public static ObjectMessageAllowList defaults() {
        return DEFAULTS;
    }

    /**
     * The list in {@value #SYSTEM_PROPERTY}, or the default list when the property is not set.
     *
     * @throws IllegalArgumentException if the property holds an invalid entry
     */
    public static ObjectMessageAllowList fromSystemProperty() {
        String configured = System.getProperty(SYSTEM_PROPERTY);
        return configured == null ? DEFAULTS : parse(configured);
    }

    /**
     * Parses comma-separated entries; blanks around entries are ignored.
     *
     * @throws IllegalArgumentException if an entry is not a class name, a package wildcard or {@code *}
     */
    public static ObjectMessageAllowList parse(String entries) {
        List<String> parsed = new ArrayList<>();
        for (String raw : entries.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (!ENTRY.matcher(entry).matches()) {
                throw new IllegalArgumentException("ObjectMessage allow-list entry '" + entry
                        + "' is not a class name, a 'package.*', a 'package.**' or '*'");
            }
            parsed.add(entry);
        }
        return new ObjectMessageAllowList(parsed);
    }

    /** This list with more entries. */
    public ObjectMessageAllowList plus(String moreEntries) {
        List<String> all = new ArrayList<>(entries);
        all.addAll(parse(moreEntries).entries);
        return new ObjectMessageAllowList(all);
    }

    public List<String> entries() {
        return entries;
    }

    /** Whether the class (or, for an array, its element class) may be deserialized. */
    public boolean isAllowed(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        return element.isPrimitive() || isAllowed(element.getName());
    }

    /** Whether a class of this binary name may be deserialized. */
    public boolean isAllowed(String className) {
        if (allowAll) {
            return true;
        }
        int lastDot = className.lastIndexOf('.');
        String pkg = lastDot < 0 ? "" : className.substring(0, lastDot);
        for (String entry : entries) {
            if (entry.endsWith(".**")) {
                String prefix = entry.substring(0, entry.length() - 3);
                if (pkg.equals(prefix) || pkg.startsWith(prefix + ".")) {
                    return true;
                }
            } else if (entry.endsWith(".*")) {
                if (pkg.equals(entry.substring(0, entry.length() - 2))) {
                    return true;
                }
            } else if (entry.equals(className)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Deserializes an ObjectMessage body, resolving classes through the thread's context class
     * loader first.
     *
     * @throws MessageFormatException if a class is not allowed or cannot be found, or the bytes are
     *     not a valid serialization stream
     */
    public Serializable deserialize(byte[] bytes) throws MessageFormatException {
        Check check = new Check(bytes.length);
        try (ObjectInputStream in = new FilteredObjectInputStream(new ByteArrayInputStream(bytes), check)) {
            Object o = in.readObject();
            if (in.read() != -1) {
                throw new MessageFormatException("bytes follow the serialized object in this ObjectMessage");
            }
            return (Serializable) o;
        } catch (InvalidClassException e) {
            if (check.rejected != null) {
                throw JmsErrors.linked(new MessageFormatException(check.rejected), e);
            }
            throw JmsErrors.linked(new MessageFormatException("cannot deserialize ObjectMessage: " + e), e);
        } catch (ClassNotFoundException e) {
            throw JmsErrors.linked(
                    new MessageFormatException("class of the ObjectMessage body not found: " + e.getMessage()), e);
        } catch (IOException | RuntimeException e) {
            throw JmsErrors.linked(new MessageFormatException("cannot deserialize ObjectMessage: " + e), e);
        }
    }

    @Override
    public String toString() {
        return String.join(",", entries);
    }

    /** One deserialization's filter; remembers why it rejected, for the error message. */
    private final class Check implements ObjectInputFilter {
        private final long streamBytes;
        private String rejected;

        Check(long streamBytes) {
            this.streamBytes = streamBytes;
        }

        @Override
        public Status checkInput(FilterInfo info) {
            if (info.depth() > MAX_DEPTH) {
                return reject("ObjectMessage body nests objects deeper than " + MAX_DEPTH);
            }
            if (info.arrayLength() > streamBytes) {
                return reject("ObjectMessage body claims an array of " + info.arrayLength() + " elements in "
                        + streamBytes + " bytes");
            }
            Class<?> type = info.serialClass();
            if (type != null && !isAllowed(type)) {
                return reject("class " + type.getName() + " in the ObjectMessage body is not on the allow-list ("
                        + ObjectMessageAllowList.this + "); see " + SYSTEM_PROPERTY);
            }
            return Status.UNDECIDED;
        }

        private Status reject(String reason) {
            if (rejected == null) {
                rejected = reason;
            }
            return Status.REJECTED;
        }
    }

    private static final class FilteredObjectInputStream extends ObjectInputStream {
        FilteredObjectInputStream(InputStream in, ObjectInputFilter filter) throws IOException {
            super(in);
            setObjectInputFilter(filter);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context != null) {
                try {
                    return Class.forName(desc.getName(), false, context);
                } catch (ClassNotFoundException e) {
                    // not visible to the context loader: fall back to the default resolution
                }
            }
            return super.resolveClass(desc);
        }
    }
}
