package sh.smarter.prompt.core.access;

/** Who is asking. */
public sealed interface Principal {
    Principal ANONYMOUS = new Anonymous();
    Principal OPERATOR = new Operator();

    /** May act on resources and sessions of this account. */
    boolean mayManage(long accountId);

    /** A browser or other caller without an API key; the session key is its only capability. */
    record Anonymous() implements Principal {
        @Override
        public boolean mayManage(long accountId) {
            return false;
        }
    }

    /** Whoever runs this installation locally (the CLI on its own database, an embedding program): may do anything. */
    record Operator() implements Principal {
        @Override
        public boolean mayManage(long accountId) {
            return true;
        }
    }

    /** The holder of an API key of one account. */
    record AccountKey(long accountId, long keyId) implements Principal {
        @Override
        public boolean mayManage(long account) {
            return accountId == account;
        }
    }
}
