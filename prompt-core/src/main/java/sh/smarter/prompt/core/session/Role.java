package sh.smarter.prompt.core.session;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Who wrote a message. The two internal roles are shown in the chat but never sent to a model. */
public enum Role {
    SYSTEM("system"),
    USER("user"),
    ASSISTANT("assistant"),
    TOOL("tool"),
    SMARTER("smarter"),
    SMARTER_ERROR("smarter_error");

    /** The roles an OpenAI-compatible model accepts. */
    public static final Set<Role> MODEL_ROLES = EnumSet.of(SYSTEM, USER, ASSISTANT, TOOL);

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isInternal() {
        return this == SMARTER || this == SMARTER_ERROR;
    }

    public static Optional<Role> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String lower = name.strip().toLowerCase(Locale.ROOT);
        for (Role role : values()) {
            if (role.wireName.equals(lower)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
