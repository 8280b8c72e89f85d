package io.sluice.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;

/**
 * A message whose body is a String (or null). It travels as UTF-8; a null text travels as a null
 * record value.
 *
 * <p>Not thread-safe, like every message.
 */
public class SluiceTextMessage extends SluiceMessage implements TextMessage {
    private String text;

    public SluiceTextMessage() {}

    public SluiceTextMessage(String text) {
        this.text = text;
    }

    @Override
    public void setText(String text) throws JMSException {
        checkBodyWritable();
        this.text = text;
    }

    @Override
    public String getText() {
        return text;
    }

    @Override
    void clearBodyContent() {
        text = null;
    }

    @Override
    public boolean hasBody() {
        return text != null;
    }

    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        checkBodyClass(c);
        return text == null ? null : bodyAs(c, text, String.class, typeName());
    }

    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) throws JMSException {
        checkBodyClass(c);
        Class<?> type = c;
        return text == null || type.isAssignableFrom(String.class);
    }

    @Override
    String typeName() {
        return "TextMessage";
    }
}
