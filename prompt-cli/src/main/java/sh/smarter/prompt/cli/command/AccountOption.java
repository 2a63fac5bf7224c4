package sh.smarter.prompt.cli.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;
import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotRef;

/**
 * {@code --account NUMBER}: which account's chatbot a name means on the local database, for names that several
 * accounts hold. Without it a name means the chatbot that has held it longest, as the bare URLs do; the commands
 * then say on stderr which account that is and how to pick another. Messages name CLI options, never URLs.
 */
final class AccountOption {
    @Option(names = "--account", paramLabel = "NUMBER", description = "The account the chatbot (or resource) "
            + "belongs to, for a name several accounts hold, e.g. 1234-5678-9012 (prompt get accounts lists them).")
    private String account;

    /** The number given, checked for form before the database opens (a usage error otherwise); empty without it. */
    Optional<AccountNumber> number() {
        if (account == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(AccountNumber.parse(account));
        } catch (PromptException e) {
            throw CliFailure.usage("--account " + account + ": " + e.getMessage());
        }
    }

    /** The account given, which must exist (not found otherwise); empty without the option. */
    Optional<Account> account(LocalInstallation local) {
        return number().map(number -> local.engine().findAccounts().find(number).orElseThrow(() ->
                CliFailure.notFound("account " + number + " not found; prompt get accounts lists the accounts")));
    }

    /**
     * The chatbot a command means: in the account given, which must hold it; otherwise by name. Checked before
     * anything runs, so a wrong account changes nothing.
     */
    ChatbotRef chatbot(String name, LocalInstallation local) {
        ChatbotRef named = ChatbotRef.named(name);
        Optional<Account> chosen = account(local);
        if (chosen.isEmpty()) {
            return named;
        }
        Account owner = chosen.get();
        if (local.engine().findChatbots().findInAccount(owner.id(), named.name()).isEmpty()) {
            List<String> holders = holders(named.name(), local);
            throw CliFailure.notFound("chatbot '" + named.name() + "' not found in account " + owner.number()
                    + (holders.isEmpty() ? "" : "; it is held by " + accounts(holders) + ": add "
                    + alternatives(holders)));
        }
        return new ChatbotRef(owner.number(), named.name());
    }

    /**
     * For a bare name that several accounts hold: which one the command used and how to pick another, for stderr.
     */
    Optional<String> sharedNameNote(ChatbotRef ref, LocalInstallation local) {
        if (ref.accountNumber().isPresent()) {
            return Optional.empty();
        }
        List<String> holders = holders(ref.name(), local);
        if (holders.size() < 2) {
            return Optional.empty();
        }
        return Optional.of("chatbot '" + ref.name() + "' is held by " + accounts(holders) + "; this is account "
                + holders.get(0) + "'s, which has held it longest; add " + alternatives(holders.subList(1,
                holders.size())) + " for " + (holders.size() == 2 ? "the other" : "another"));
    }

    /**
     * A not-found answer for a bare name that several accounts hold may concern another holder's chatbot (a session
     * key of it, say): the message then says how to name that account.
     */
    RuntimeException explained(RuntimeException failure, ChatbotRef ref, LocalInstallation local) {
        if (ref.accountNumber().isPresent() || !(failure instanceof PromptException prompt)
                || prompt.kind() != sh.smarter.prompt.core.error.ErrorKind.NOT_FOUND) {
            return failure;
        }
        List<String> holders = holders(ref.name(), local);
        if (holders.size() < 2) {
            return failure;
        }
        return CliFailure.notFound(failure.getMessage() + "; chatbot '" + ref.name() + "' is held by "
                + accounts(holders) + " and this was account " + holders.get(0) + "'s: add "
                + alternatives(holders.subList(1, holders.size())) + " for " + (holders.size() == 2 ? "the other"
                : "another"));
    }

    /** The numbers of the accounts holding a chatbot of this name, the longest holder first. */
    static List<String> holders(String name, LocalInstallation local) {
        Map<Long, String> numbers = local.engine().findAccounts().all().stream()
                .collect(Collectors.toMap(Account::id, account -> account.number().value()));
        List<String> holders = new ArrayList<>();
        local.engine().findChatbots().named(name).stream().sorted(Comparator.comparingLong(Chatbot::id))
                .forEach(chatbot -> holders.add(numbers.getOrDefault(chatbot.accountId(), "?")));
        return holders;
    }

    /** "accounts 1111-1111-1111 and 2222-2222-2222", "account 1111-1111-1111". */
    static String accounts(List<String> numbers) {
        return (numbers.size() == 1 ? "account " : "accounts ") + joined(numbers, Function.identity(), " and ");
    }

    /** "--account 2222-2222-2222", "--account 2222-2222-2222 or --account 3333-3333-3333". */
    static String alternatives(List<String> numbers) {
        return joined(numbers, number -> "--account " + number, " or ");
    }

    private static String joined(List<String> items, Function<String, String> each, String last) {
        List<String> shown = items.stream().map(each).toList();
        if (shown.size() == 1) {
            return shown.get(0);
        }
        return String.join(", ", shown.subList(0, shown.size() - 1)) + last + shown.get(shown.size() - 1);
    }
}
