package sh.smarter.prompt.core.access;

import java.util.Objects;
import sh.smarter.prompt.core.resource.KeyScope;

/** Who is asking. */
public sealed interface Principal {
    Principal ANONYMOUS = new Anonymous();
    Principal OPERATOR = new Operator();

    /** Belongs to this account: may use its chatbots, including those that require a key. */
    boolean mayManage(long accountId);

    /** May change this account and read all of it: manifests, deletes, every session of its chatbots. */
    boolean mayAdminister(long accountId);

    /** A browser or other caller without an API key; the session key is its only capability. */
    record Anonymous() implements Principal {
        @Override
        public boolean mayManage(long accountId) {
            return false;
        }

        @Override
        public boolean mayAdminister(long accountId) {
            return false;
        }
    }

    /**
     * Whoever runs this installation locally (the CLI on its own database, an embedding program): may do anything,
     * and is the only one who creates accounts and API keys.
     */
    record Operator() implements Principal {
        @Override
        public boolean mayManage(long accountId) {
            return true;
        }

        @Override
        public boolean mayAdminister(long accountId) {
            return true;
        }
    }

    /** The holder of an API key of one account, limited by the key's scope. */
    record AccountKey(long accountId, long keyId, KeyScope scope) implements Principal {
        public AccountKey {
            Objects.requireNonNull(scope, "scope");
        }

        /** An {@code admin} key, as every key was before scopes existed. */
        public AccountKey(long accountId, long keyId) {
            this(accountId, keyId, KeyScope.ADMIN);
        }

        @Override
        public boolean mayManage(long account) {
            return accountId == account;
        }

        @Override
        public boolean mayAdminister(long account) {
            return accountId == account && scope == KeyScope.ADMIN;
        }
    }
}
