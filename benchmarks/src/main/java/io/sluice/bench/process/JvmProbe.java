package io.sluice.bench.process;

import com.sun.tools.attach.VirtualMachine;
import io.sluice.bench.driver.BrokerProbe;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads a local JVM's CPU time and live heap over JMX. The connection comes from the JDK's attach
 * API ({@code startLocalManagementAgent}), so the broker JVM needs no JMX port or flag: any JVM of
 * the same user can be probed, including a broker whose start script the runner does not control.
 * CPU time is {@code OperatingSystemMXBean.getProcessCpuTime()} (all threads, GC included); live
 * heap is {@code MemoryMXBean.getHeapMemoryUsage().getUsed()} right after {@code MemoryMXBean.gc()}
 * (a full collection in G1 unless the JVM was told to make explicit GCs concurrent).
 *
 * <p>Thread-safe: MXBean proxies are thread-safe; {@link #close()} is idempotent.
 */
public final class JvmProbe implements BrokerProbe {
    private final JMXConnector connector;
    private final com.sun.management.OperatingSystemMXBean os;
    private final MemoryMXBean memory;

    private JvmProbe(JMXConnector connector) throws IOException {
        this.connector = connector;
        MBeanServerConnection mbs = connector.getMBeanServerConnection();
        this.os = ManagementFactory.newPlatformMXBeanProxy(
                mbs, ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME, com.sun.management.OperatingSystemMXBean.class);
        this.memory =
                ManagementFactory.newPlatformMXBeanProxy(mbs, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
    }

    /** Attaches to the JVM with process id {@code pid}. */
    public static JvmProbe attach(long pid) throws IOException {
        String address;
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (com.sun.tools.attach.AttachNotSupportedException e) {
            throw new IOException("cannot attach to JVM " + pid + ": " + e.getMessage(), e);
        }
        return new JvmProbe(JMXConnectorFactory.connect(new JMXServiceURL(address)));
    }

    @Override
    public long cpuTimeNanos() {
        return os.getProcessCpuTime();
    }

    @Override
    public long liveHeapAfterGcBytes() {
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException ignored) {
            // The broker may already be gone; nothing is left to release on this side.
        }
    }
}
