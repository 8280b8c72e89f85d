package io.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.client.ClientConfig;
import io.sluice.client.ProducerRecord;
import io.sluice.client.SluiceClient;
import io.sluice.client.TopicPartition;
import io.sluice.protocol.api.ApiKey;
import io.sluice.protocol.api.CommitTransactionRequest;
import io.sluice.protocol.api.InitProducerIdRequest;
import io.sluice.protocol.api.InitProducerIdResponse;
import io.sluice.protocol.error.ErrorCode;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The answer to a commit is lost (the connection drops after the broker applied it): the commit is
 * sent again, identically, on the reconnected client and answered as a duplicate; the message is
 * stored once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommitResendIT extends JmsTestBase {

    @Test
    void aCommitWhoseAnswerIsLostIsResentAndAppliedOnce() throws Exception {
        String queue = name("resend");
        broker.createDestination(queue, "queue", 1, Map.of());
        try (AnswerDroppingProxy proxy = new AnswerDroppingProxy(broker.port());
                SluiceClient client = SluiceClient.connect(ClientConfig.builder()
                        .host("127.0.0.1")
                        .port(proxy.port())
                        .reconnectBackoffMs(10)
                        .build())) {
            InitProducerIdResponse id = client.<InitProducerIdResponse>request(
                            ApiKey.INIT_PRODUCER_ID, new InitProducerIdRequest(null), InitProducerIdResponse::read)
                    .get();
            TransactionProducer producer = new TransactionProducer();
            producer.assign(id.producerId(), id.producerEpoch());
            Map<TopicPartition, List<ProducerRecord>> sends = new LinkedHashMap<>();
            sends.put(
                    new TopicPartition(queue, 0),
                    new ArrayList<>(
                            List.of(ProducerRecord.of(queue, 0, null, "once".getBytes(StandardCharsets.UTF_8)))));
            CommitTransactionRequest request = producer.request(sends, new DeliveryIds(), 5000);

            proxy.dropNextAnswer();
            CommitAttempts.Result result = new CommitAttempts(client, Clock.systemUTC(), 2000)
                    .run(request, System.currentTimeMillis() + 30_000);

            assertThat(proxy.droppedAnswers()).isEqualTo(1);
            assertThat(result.attempts()).isGreaterThanOrEqualTo(2);
            assertThat(result.isApplied())
                    .as("refusal %s, unknown %s", result.refusal(), result.unknown())
                    .isTrue();
            assertThat(result.answer().duplicate())
                    .as("the resend was recognised")
                    .isTrue();
        }
        Connection c = connection();
        Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
        c.start();
        List<Message> stored = drain(consumer, 1000);
        assertThat(stored).hasSize(1);
    }

    @Test
    void aRefusalIsDefinitiveAndNotResent() throws Exception {
        try (SluiceClient client = SluiceClient.connect(
                ClientConfig.builder().host("127.0.0.1").port(broker.port()).build())) {
            TransactionProducer producer = new TransactionProducer();
            producer.assign(987_654_321L, (short) 0);
            String queue = name("refused");
            broker.createDestination(queue, "queue", 1, Map.of());
            Map<TopicPartition, List<ProducerRecord>> sends = new LinkedHashMap<>();
            sends.put(
                    new TopicPartition(queue, 0),
                    new ArrayList<>(List.of(ProducerRecord.of(queue, 0, null, new byte[1]))));
            CommitAttempts.Result result = new CommitAttempts(client, Clock.systemUTC(), 2000)
                    .run(producer.request(sends, new DeliveryIds(), 5000), System.currentTimeMillis() + 10_000);
            assertThat(result.isApplied()).isFalse();
            assertThat(result.attempts()).isEqualTo(1);
            assertThat(result.refusal())
                    .as("a producer id the broker never issued")
                    .isNotNull();
            assertThat(CommitAttempts.OUTCOME_UNKNOWN).doesNotContain(result.refusal());
            assertThat(result.refusal()).isNotEqualTo(ErrorCode.NONE);
        }
    }

    /**
     * Forwards TCP to the broker; once armed, the next bytes the broker sends are not forwarded:
     * both sides of that connection are reset instead, as if the network failed just then.
     */
    private static final class AnswerDroppingProxy implements AutoCloseable {
        private final ServerSocket server;
        private final int targetPort;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        /** Volatile: armed by the test thread, taken by a pump thread. */
        private volatile boolean armed;

        private volatile int dropped;

        AnswerDroppingProxy(int targetPort) throws IOException {
            this.targetPort = targetPort;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "answer-dropping-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void dropNextAnswer() {
            armed = true;
        }

        int droppedAnswers() {
            return dropped;
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket broker = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    sockets.add(client);
                    sockets.add(broker);
                    pump(client, broker, false);
                    pump(broker, client, true);
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void pump(Socket from, Socket to, boolean answers) {
            Thread t = new Thread(
                    () -> {
                        byte[] buffer = new byte[64 * 1024];
                        try (InputStream in = from.getInputStream();
                                OutputStream out = to.getOutputStream()) {
                            int n;
                            while ((n = in.read(buffer)) >= 0) {
                                if (answers && armed) {
                                    armed = false;
                                    dropped++;
                                    return;
                                }
                                out.write(buffer, 0, n);
                            }
                        } catch (IOException e) {
                            // reset on purpose or by the peer
                        } finally {
                            reset(from);
                            reset(to);
                        }
                    },
                    "answer-dropping-proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        private static void reset(Socket s) {
            try {
                s.setSoLinger(true, 0);
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                reset(s);
            }
        }
    }
}
