package dev.natsaga.console.internal;

import dev.natsaga.console.ConsoleUser;
import java.time.Instant;

/**
 * A signed-in browser.
 *
 * @param id      the cookie value
 * @param user    who signed in
 * @param csrf    the token every form of this session carries; a post without it is refused
 * @param expires when the session ends
 */
record Session(String id, ConsoleUser user, String csrf, Instant expires) {
}
