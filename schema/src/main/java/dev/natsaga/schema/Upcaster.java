package dev.natsaga.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One step of an upcaster chain: turns the data of {@code x.vN} into the data of {@code x.v(N+1)} (add a field with a
 * default, rename, split or merge fields, change a unit). It may change {@code data} in place and return it.
 *
 * <pre>{@code
 * Upcaster v1ToV2 = data -> {
 *   data.set("amountMinor", data.remove("amount"));
 *   return data.put("currency", "EUR");
 * };
 * }</pre>
 */
@FunctionalInterface
public interface Upcaster {

  ObjectNode upcast(ObjectNode data);
}
