package io.sluice.tck;

import jakarta.jms.TextMessage;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link TextMessage} that is not the provider's: a dynamic proxy keeping headers, properties and
 * text in maps, as a message of another provider would reach a Sluice session (section 3.12).
 *
 * <p>Not thread-safe: used by one test.
 */
final class ForeignTextMessage implements InvocationHandler {
    private final Map<String, Object> headers = new HashMap<>();
    private final Map<String, Object> properties = new LinkedHashMap<>();

    private ForeignTextMessage() {}

    static TextMessage create() {
        return (TextMessage) Proxy.newProxyInstance(
                ForeignTextMessage.class.getClassLoader(),
                new Class<?>[] {TextMessage.class},
                new ForeignTextMessage());
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        String name = method.getName();
        switch (name) {
            case "getPropertyNames":
                return Collections.enumeration(new ArrayList<>(properties.keySet()));
            case "propertyExists":
                return properties.containsKey((String) args[0]);
            case "clearProperties":
                properties.clear();
                return null;
            case "clearBody":
                headers.remove("Text");
                return null;
            case "getBody":
                return headers.get("Text");
            case "isBodyAssignableTo":
                return true;
            case "acknowledge":
                return null;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return "ForeignTextMessage" + headers + properties;
            default:
                break;
        }
        if (name.startsWith("set") && name.endsWith("Property")) {
            properties.put((String) args[0], args[1]);
            return null;
        }
        if (name.startsWith("get") && name.endsWith("Property")) {
            Object value = properties.get((String) args[0]);
            return value == null ? defaultFor(method.getReturnType()) : value;
        }
        if (name.startsWith("set") && args != null && args.length == 1) {
            headers.put(name.substring(3), args[0]);
            return null;
        }
        if (name.startsWith("get") && (args == null || args.length == 0)) {
            Object value = headers.get(name.substring(3));
            return value == null ? defaultFor(method.getReturnType()) : value;
        }
        throw new UnsupportedOperationException("the foreign test message does not implement " + name);
    }

    private static Object defaultFor(Class<?> type) {
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == boolean.class) {
            return false;
        }
        return null;
    }
}
