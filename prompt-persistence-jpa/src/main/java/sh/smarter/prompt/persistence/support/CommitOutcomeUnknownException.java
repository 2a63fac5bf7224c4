package sh.smarter.prompt.persistence.support;

import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;

/**
 * The database connection failed while a transaction committed: the commit may or may not have happened. To a
 * caller that does not look further it is STORAGE_UNAVAILABLE (503); a caller that can find out by its own keys
 * whether its rows are there ({@code JpaTurnStore#appendTurn}) does so before it answers.
 */
public final class CommitOutcomeUnknownException extends PromptException {
    public CommitOutcomeUnknownException(Throwable cause) {
        super(ErrorKind.STORAGE_UNAVAILABLE, "SmarterStorageUnavailable",
                "the database failed during a commit; whether it was stored is unknown", cause);
    }
}
