package sh.smarter.prompt.tests.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.tests.contract.ContractAssertions.assertFailsWith;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.ResourceManagement;

/**
 * What every {@link ResourceManagement} promises resource administration: saving inserts or replaces, names are
 * unique per account and kind, lists are sorted and confined to their account, deleting works once. An adapter's test
 * runs this contract with {@code @Nested}.
 */
public abstract class ResourceManagementContract extends ResourceContractFixture {

    // --------------------------------------------------------------------------------------------------- accounts

    @Test
    void saving_an_account_with_its_id_replaces_it() {
        Account renamed = new Account(acme.id(), acme.number(), "Acme Corporation 😀", acme.createdAt(),
                2_000_000L);

        assertThat(resources.saveAccount(renamed)).isEqualTo(renamed);
        assertThat(lookup.findAccount(acme.id())).contains(renamed);
        assertThat(resources.listAccounts()).containsExactlyInAnyOrder(renamed, globex);
    }

    @Test
    void account_numbers_are_unique() {
        assertFailsWith(ErrorKind.CONFLICT,
                () -> resources.saveAccount(new Account(0, acme.number(), "Impostor", CREATED)));
        assertThat(resources.listAccounts()).hasSize(2);
    }

    // -------------------------------------------------------------------- what every named kind of resource does

    @ParameterizedTest
    @EnumSource(NamedKind.class)
    void saving_with_id_zero_inserts_with_a_new_id(NamedKind kind) {
        long first = kind.save(catalog, 0, acme.id(), "first");
        long second = kind.save(catalog, 0, acme.id(), "second");

        assertThat(first).isNotZero();
        assertThat(second).isNotZero().isNotEqualTo(first);
        assertThat(kind.findId(catalog, acme.id(), "first")).contains(first);
        assertThat(kind.findId(catalog, acme.id(), "second")).contains(second);
    }

    @ParameterizedTest
    @EnumSource(NamedKind.class)
    void saving_with_an_id_replaces_that_resource(NamedKind kind) {
        long id = kind.save(catalog, 0, acme.id(), "before");

        assertThat(kind.save(catalog, id, acme.id(), "after")).isEqualTo(id);
        assertThat(kind.findId(catalog, acme.id(), "before")).isEmpty();
        assertThat(kind.findId(catalog, acme.id(), "after")).contains(id);
        assertThat(kind.names(catalog, acme.id())).containsExactly("after");
    }

    @ParameterizedTest
    @EnumSource(NamedKind.class)
    void saving_with_an_id_that_is_not_stored_is_not_found(NamedKind kind) {
        long id = kind.save(catalog, 0, acme.id(), "gone");
        kind.delete(catalog, id);

        assertFailsWith(ErrorKind.NOT_FOUND, () -> kind.save(catalog, id, acme.id(), "gone"));
        assertThat(kind.names(catalog, acme.id())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(NamedKind.class)
    void names_are_unique_per_account_and_kind(NamedKind kind) {
        long support = kind.save(catalog, 0, acme.id(), "support");
        long sales = kind.save(catalog, 0, acme.id(), "sales");

        assertFailsWith(ErrorKind.CONFLICT, () -> kind.save(catalog, 0, acme.id(), "support"));
        assertFailsWith(ErrorKind.CONFLICT, () -> kind.save(catalog, sales, acme.id(), "support"));
        long elsewhere = kind.save(catalog, 0, globex.id(), "support");

        assertThat(elsewhere).isNotEqualTo(support);
        assertThat(kind.findId(catalog, acme.id(), "support")).contains(support);
        assertThat(kind.findId(catalog, acme.id(), "sales")).contains(sales);
        assertThat(kind.findId(catalog, globex.id(), "support")).contains(elsewhere);
    }

    @Test
    void one_name_may_be_used_by_every_kind_in_one_account() {
        for (NamedKind kind : NamedKind.values()) {
            kind.save(catalog, 0, acme.id(), "shared_name");
        }

        for (NamedKind kind : NamedKind.values()) {
            assertThat(kind.findId(catalog, acme.id(), "shared_name")).as(kind.name()).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(NamedKind.class)
    void lists_are_sorted_by_name_and_confined_to_the_account(NamedKind kind) {
        for (String name : List.of("charlie", "alpha", "bravo_two", "bravo")) {
            kind.save(catalog, 0, acme.id(), name);
        }
        kind.save(catalog, 0, globex.id(), "aardvark");

        assertThat(kind.names(catalog, acme.id())).containsExactly("alpha", "bravo", "bravo_two", "charlie");
        assertThat(kind.names(catalog, globex.id())).containsExactly("aardvark");
        assertThat(kind.names(catalog, missingAccountId())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(NamedKind.class)
    void delete_returns_true_once_and_then_false(NamedKind kind) {
        long doomed = kind.save(catalog, 0, acme.id(), "doomed");
        kind.save(catalog, 0, acme.id(), "kept");

        assertThat(kind.delete(catalog, doomed)).isTrue();
        assertThat(kind.delete(catalog, doomed)).isFalse();
        assertThat(kind.findId(catalog, acme.id(), "doomed")).isEmpty();
        assertThat(kind.names(catalog, acme.id())).containsExactly("kept");
    }

    @ParameterizedTest
    @EnumSource(NamedKind.class)
    void a_resource_of_a_missing_account_is_not_found(NamedKind kind) {
        assertFailsWith(ErrorKind.NOT_FOUND, () -> kind.save(catalog, 0, missingAccountId(), "orphan"));
    }

    // ---------------------------------------------------------------------------------------------------- version

    @ParameterizedTest
    @EnumSource(NamedKind.class)
    void every_change_moves_the_version_and_a_read_or_a_refused_change_does_not(NamedKind kind) {
        long start = catalog.version();
        long id = kind.save(catalog, 0, acme.id(), "first");
        long afterInsert = catalog.version();
        kind.findId(catalog, acme.id(), "first");
        kind.names(catalog, acme.id());
        assertThat(catalog.version()).isNotEqualTo(start).isEqualTo(afterInsert);

        assertFailsWith(ErrorKind.CONFLICT, () -> kind.save(catalog, 0, acme.id(), "first"));
        assertFailsWith(ErrorKind.NOT_FOUND, () -> kind.save(catalog, 0, missingAccountId(), "orphan"));
        assertThat(catalog.version()).isEqualTo(afterInsert);

        kind.save(catalog, id, acme.id(), "renamed");
        long afterReplace = catalog.version();
        assertThat(afterReplace).isNotEqualTo(afterInsert);
        kind.delete(catalog, id);
        assertThat(catalog.version()).isNotEqualTo(afterReplace);
    }
}
