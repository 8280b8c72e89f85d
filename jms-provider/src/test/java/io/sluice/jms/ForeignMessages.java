package io.sluice.jms;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** Messages of "another provider": dynamic proxies that keep headers, properties and a text body in maps. */
final class ForeignMessages {
    private ForeignMessages() {}

    /** A TextMessage that is not a Sluice message; {@code headers} sees what the send wrote into it. */
    static TextMessage text(String body, Map<String, Object> headers) {
        Map<String, Object> properties = new HashMap<>();
        return (TextMessage) Proxy.newProxyInstance(
                ForeignMessages.class.getClassLoader(), new Class<?>[] {TextMessage.class}, (proxy, method, args) -> {
                    String n = method.getName();
                    if (n.equals("getText")) {
                        return body;
                    } else if (n.equals("getPropertyNames")) {
                        return Collections.enumeration(properties.keySet());
                    } else if (n.equals("getObjectProperty")) {
                        return properties.get((String) args[0]);
                    } else if (n.startsWith("setJMS")) {
                        headers.put(n.substring(3), args[0]);
                        return null;
                    } else if (n.startsWith("getJMS")) {
                        Object v = headers.get(n.substring(3));
                        Class<?> r = method.getReturnType();
                        if (v == null && r == int.class) {
                            return n.equals("getJMSDeliveryMode") ? 2 : Message.DEFAULT_PRIORITY;
                        }
                        if (v == null && r == long.class) {
                            return 0L;
                        }
                        if (v == null && r == boolean.class) {
                            return false;
                        }
                        return v;
                    } else if (n.equals("toString")) {
                        return "ForeignTextMessage(" + body + ")";
                    } else if (n.equals("hashCode")) {
                        return System.identityHashCode(proxy);
                    } else if (n.equals("equals")) {
                        return proxy == args[0];
                    }
                    throw new UnsupportedOperationException(n);
                });
    }
}
