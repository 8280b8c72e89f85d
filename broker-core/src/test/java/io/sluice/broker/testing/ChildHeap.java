package io.sluice.broker.testing;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The heap of another JVM (a child broker), read through its platform MBeans: the test attaches
 * (JDK attach API), starts the child's local JMX agent and asks for a full GC before reading the
 * used heap, so the figure is the live heap.
 *
 * <p>Not thread-safe.
 */
public final class ChildHeap implements AutoCloseable {
    private final JMXConnector connector;
    private final MemoryMXBean memory;

    private ChildHeap(JMXConnector connector, MemoryMXBean memory) {
        this.connector = connector;
        this.memory = memory;
    }

    public static ChildHeap attach(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(
                connector.getMBeanServerConnection(), ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
        return new ChildHeap(connector, memory);
    }

    /** Bytes of heap in use right after two full collections: the live heap. */
    public long liveBytesAfterGc() {
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** The child's maximum heap (-Xmx). */
    public long maxBytes() {
        return memory.getHeapMemoryUsage().getMax();
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
