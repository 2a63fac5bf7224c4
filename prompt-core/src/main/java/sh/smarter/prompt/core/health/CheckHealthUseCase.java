package sh.smarter.prompt.core.health;

/** Inbound port: whether the storage a prompt turn needs answers now (a readiness check). */
public interface CheckHealthUseCase {

    /** True when the storage answers; may throw when it cannot even be asked, which a caller treats as false. */
    boolean storageReachable();
}
