package sh.smarter.prompt.core.prompt;

import sh.smarter.prompt.core.provider.CompletionStreamListener;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.Session;

/** Forwards to the caller's listener until it fails once (a client that went away), then stays quiet. */
final class SafeListener implements CompletionStreamListener {
    private final PromptStreamListener delegate;
    private volatile boolean gone;

    SafeListener(PromptStreamListener delegate) {
        this.delegate = delegate == null ? PromptStreamListener.NONE : delegate;
    }

    boolean streaming() {
        return delegate != PromptStreamListener.NONE;
    }

    @Override
    public void onContentDelta(String delta) {
        onDelta(delta);
    }

    void onDelta(String text) {
        if (!gone) {
            try {
                delegate.onDelta(text);
            } catch (RuntimeException e) {
                gone = true;
            }
        }
    }

    void onMessage(NewMessage message) {
        if (!gone) {
            try {
                delegate.onMessage(message);
            } catch (RuntimeException e) {
                gone = true;
            }
        }
    }

    void onSession(Session session) {
        if (!gone) {
            try {
                delegate.onSession(session);
            } catch (RuntimeException e) {
                gone = true;
            }
        }
    }
}
