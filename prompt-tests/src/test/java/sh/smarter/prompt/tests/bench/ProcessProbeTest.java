package sh.smarter.prompt.tests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark's reading of a JVM's JIT compilers, on this test's own JVM. */
class ProcessProbeTest {
    private static final long OWN_PID = ProcessHandle.current().pid();

    @Test
    void the_compiler_threads_of_a_running_jvm_have_spent_cpu_and_no_more_than_the_whole_process() {
        // Loading JUnit and AssertJ alone keeps C1 busy for well over the 10 ms a clock tick counts.
        double compilers = ProcessProbe.compilerCpuSeconds(OWN_PID);
        double process = ProcessProbe.cpuSeconds(OWN_PID);

        assertThat(compilers).isPositive();
        assertThat(compilers).isLessThanOrEqualTo(process);
    }
}
