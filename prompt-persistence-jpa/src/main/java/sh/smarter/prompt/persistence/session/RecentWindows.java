package sh.smarter.prompt.persistence.session;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import sh.smarter.prompt.core.session.AppendedTurn;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.ToolCall;
import sh.smarter.prompt.core.session.TurnContext;

/**
 * The context windows this store read or appended lately, by session key, so that the next turn of a session reads
 * its session row instead of its messages.
 *
 * <p>A window is handed out only for a session row, read in the turn's own transaction, that still has the id and
 * {@code last_seq} the window was made at. That is enough because a session's stored messages never change: every
 * append moves {@code last_seq}, and a session's messages are deleted only with its row or after its key was
 * changed (a prune detaches a large session first). So an append by another server instance, a prune or a deletion
 * shows as another {@code last_seq}, another id or no row, and the window is read from the database again. (A
 * database restored from a backup under running servers breaks that rule: restart the servers after a restore.)
 *
 * <p>Bounded by sessions and by the characters the windows hold; the least recently used go first.
 */
final class RecentWindows {
    /** What a message costs beyond its text: the record, its strings' headers, the map entry's share. */
    private static final long CHARS_PER_MESSAGE = 200;

    /** A session's window as read, or as a read would return it, at {@code lastSeq}. */
    private record Window(long sessionId, long lastSeq, Set<Role> roles, int limit, Optional<Message> firstSystem,
                          List<Message> recent, long chars) {
        boolean answers(Set<Role> wantedRoles, int wantedLimit) {
            return limit == wantedLimit && roles.equals(wantedRoles);
        }

        boolean isAt(Session session) {
            return sessionId == session.id() && lastSeq == session.lastSeq();
        }
    }

    private final int maxSessions;
    private final long maxChars;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<SessionKey, Window> windows = new LinkedHashMap<>(64, 0.75f, true);
    private long chars;

    /**
     * @param maxSessions the most sessions whose windows are kept; 0 keeps none
     * @param maxChars    the most characters of message text (and a fixed share per message) kept in all
     */
    RecentWindows(int maxSessions, long maxChars) {
        if (maxSessions < 0 || maxChars < 0) {
            throw new IllegalArgumentException("the bounds must not be negative: " + maxSessions + ", " + maxChars);
        }
        this.maxSessions = maxSessions;
        this.maxChars = maxChars;
    }

    /** Whether a window of this session for these roles and limit is kept, so that its row alone may be read. */
    boolean holds(SessionKey key, Set<Role> roles, int limit) {
        lock.lock();
        try {
            Window window = windows.get(key);
            return window != null && window.answers(roles, limit);
        } finally {
            lock.unlock();
        }
    }

    /** The kept window of this session row, if it was made at the row's id and {@code last_seq}. */
    Optional<TurnContext> contextOf(Session session, Set<Role> roles, int limit) {
        lock.lock();
        try {
            Window window = windows.get(session.key());
            if (window == null || !window.answers(roles, limit) || !window.isAt(session)) {
                return Optional.empty();
            }
            return Optional.of(new TurnContext(session, window.firstSystem(), window.recent()));
        } finally {
            lock.unlock();
        }
    }

    /** Keeps what a read returned for these roles and limit. */
    void remember(TurnContext read, Set<Role> roles, int limit) {
        Session session = read.session();
        put(session.key(), window(session.id(), session.lastSeq(), Set.copyOf(roles), limit,
                read.firstSystemMessage(), read.recentMessages()));
    }

    /**
     * Moves the kept window past a turn appended right after {@code before} was read: the window a read would now
     * return. When anything else came between (another append on this session, here or elsewhere), the window is
     * forgotten instead, to be read again.
     */
    void appended(TurnContext before, AppendedTurn after) {
        Session read = before.session();
        List<Message> added = after.messages();
        // Looked at before taking the lock, which every turn of this store passes through.
        boolean readBackAsGiven = added.stream().noneMatch(RecentWindows::mayReadBackOtherwise);
        lock.lock();
        try {
            Window window = windows.get(read.key());
            if (window == null) {
                return;
            }
            if (!readBackAsGiven || !window.isAt(read) || !follows(read.lastSeq(), added)
                    || after.session().lastSeq() != read.lastSeq() + added.size()) {
                remove(read.key());
                return;
            }
            Optional<Message> firstSystem = window.firstSystem().isPresent() ? window.firstSystem()
                    : added.stream().filter(m -> m.role() == Role.SYSTEM).findFirst();
            List<Message> recent = new ArrayList<>(window.recent());
            if (window.limit() > 0) {
                added.stream().filter(m -> window.roles().contains(m.role())).forEach(recent::add);
            }
            if (recent.size() > window.limit()) {
                recent = recent.subList(recent.size() - window.limit(), recent.size());
            }
            putLocked(read.key(), window(read.id(), after.session().lastSeq(), window.roles(), window.limit(),
                    firstSystem, recent));
        } finally {
            lock.unlock();
        }
    }

    /** Forgets this session's window: its row is gone. */
    void forget(SessionKey key) {
        lock.lock();
        try {
            remove(key);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the database may hand this message back with other text than it was given: utf8mb4 cannot hold a
     * lone UTF-16 surrogate, and MariaDB stores it as '?'. Such a window is read again rather than advanced.
     */
    private static boolean mayReadBackOtherwise(Message message) {
        if (hasLoneSurrogate(message.content()) || hasLoneSurrogate(message.name())
                || hasLoneSurrogate(message.toolCallId())) {
            return true;
        }
        for (ToolCall call : message.toolCalls()) {
            if (hasLoneSurrogate(call.id()) || hasLoneSurrogate(call.name()) || hasLoneSurrogate(call.arguments())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasLoneSurrogate(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean follows(long lastSeq, List<Message> added) {
        long expected = lastSeq + 1;
        for (Message message : added) {
            if (message.seq() != expected++) {
                return false;
            }
        }
        return true;
    }

    private static Window window(long sessionId, long lastSeq, Set<Role> roles, int limit,
                                 Optional<Message> firstSystem, List<Message> recent) {
        long chars = firstSystem.map(RecentWindows::chars).orElse(0L);
        for (Message message : recent) {
            chars += chars(message);
        }
        return new Window(sessionId, lastSeq, roles, limit, firstSystem, List.copyOf(recent), chars);
    }

    private static long chars(Message message) {
        long chars = CHARS_PER_MESSAGE + (message.content() == null ? 0 : message.content().length());
        for (ToolCall call : message.toolCalls()) {
            chars += CHARS_PER_MESSAGE + (call.arguments() == null ? 0 : call.arguments().length());
        }
        return chars;
    }

    private void put(SessionKey key, Window window) {
        lock.lock();
        try {
            putLocked(key, window);
        } finally {
            lock.unlock();
        }
    }

    private void putLocked(SessionKey key, Window window) {
        remove(key);
        if (maxSessions == 0 || window.chars() > maxChars) {
            return;
        }
        windows.put(Objects.requireNonNull(key, "key"), window);
        chars += window.chars();
        Iterator<Map.Entry<SessionKey, Window>> eldest = windows.entrySet().iterator();
        while ((windows.size() > maxSessions || chars > maxChars) && eldest.hasNext()) {
            chars -= eldest.next().getValue().chars();
            eldest.remove();
        }
    }

    private void remove(SessionKey key) {
        Window removed = windows.remove(key);
        if (removed != null) {
            chars -= removed.chars();
        }
    }
}
