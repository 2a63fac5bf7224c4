package sh.smarter.prompt.persistence.session;

import java.util.List;

/** The entities the session adapters map, for building the persistence unit (no class-path scanning). */
public final class SessionEntities {
    public static final List<Class<?>> CLASSES = List.of(SessionEntity.class, MessageEntity.class,
            TurnEntity.class, ToolExecutionEntity.class, PluginSelectionEntity.class);

    private SessionEntities() {
    }
}
