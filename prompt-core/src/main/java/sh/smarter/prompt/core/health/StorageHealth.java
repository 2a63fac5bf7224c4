package sh.smarter.prompt.core.health;

import java.util.Objects;
import sh.smarter.prompt.core.session.TurnStore;

/** Asks the turn's store: a prompt cannot be served without it. */
public final class StorageHealth implements CheckHealthUseCase {
    private final TurnStore turns;

    public StorageHealth(TurnStore turns) {
        this.turns = Objects.requireNonNull(turns, "turns");
    }

    @Override
    public boolean storageReachable() {
        return turns.isReachable();
    }
}
