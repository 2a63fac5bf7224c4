package sh.smarter.prompt.http.openai;

import io.javalin.http.Context;
import java.util.Optional;
import sh.smarter.prompt.core.access.Credential;
import sh.smarter.prompt.core.access.ManageApiKeysUseCase;
import sh.smarter.prompt.core.access.Principal;

/**
 * Who calls, by {@code Authorization: Bearer <key>}. Unlike the compatibility endpoints, which treat an unknown key
 * as no key, a key that is unknown or revoked is a 401 here: OpenAI clients always send one, and a typo should say
 * so instead of silently reaching only the public chatbots. No header (or an empty key) is an anonymous caller.
 */
final class OpenAiCaller {
    private OpenAiCaller() {
    }

    static Principal of(Context ctx, ManageApiKeysUseCase apiKeys) {
        Optional<Credential> credential = Credential.fromAuthorizationHeader(ctx.header("Authorization"));
        if (credential.isEmpty()) {
            return Principal.ANONYMOUS;
        }
        return apiKeys.authenticate(credential.get()).orElseThrow(() -> OpenAiError.invalidApiKey().asFailure());
    }
}
