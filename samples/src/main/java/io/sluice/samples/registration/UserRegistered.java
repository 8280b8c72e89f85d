package io.sluice.samples.registration;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.Session;

/**
 * The event the registration service publishes: a MapMessage with JMSType {@value #TYPE}.
 *
 * <p>Immutable.
 *
 * @param userId unique per registration
 * @param name the user's name
 * @param phone where the welcome SMS goes
 */
public record UserRegistered(String userId, String name, String phone) {
    public static final String TYPE = "UserRegistered";

    Message toMessage(Session session) throws JMSException {
        MapMessage m = session.createMapMessage();
        m.setJMSType(TYPE);
        m.setString("userId", userId);
        m.setString("name", name);
        m.setString("phone", phone);
        return m;
    }

    /**
     * @throws JMSException when the message is not a UserRegistered event
     */
    static UserRegistered from(Message message) throws JMSException {
        if (!(message instanceof MapMessage m) || !TYPE.equals(message.getJMSType())) {
            throw new JMSException("not a " + TYPE + " event: " + message.getJMSMessageID());
        }
        return new UserRegistered(m.getString("userId"), m.getString("name"), m.getString("phone"));
    }
}
