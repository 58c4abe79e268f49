package dev.natsaga.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The test chain {@code shop.order.placed v1 → v2 → v3}: rename with a default, then merge two fields into one object. */
final class ShopUpcasters {

  private ShopUpcasters() {
  }

  /** v1 → v2: {@code amount} is renamed {@code amountMinor}; {@code currency} is added with the implied EUR. */
  static ObjectNode v1ToV2(ObjectNode data) {
    data.set("amountMinor", data.remove("amount"));
    return data.put("currency", "EUR");
  }

  /** v2 → v3: {@code amountMinor} and {@code currency} merge into {@code total}. */
  static ObjectNode v2ToV3(ObjectNode data) {
    ObjectNode total = data.putObject("total");
    total.set("amountMinor", data.remove("amountMinor"));
    total.set("currency", data.remove("currency"));
    return data;
  }

  static Upcasters chain(SchemaCatalog catalog) {
    return Upcasters.builder(catalog)
        .step(TestEnv.PLACED_V1, ShopUpcasters::v1ToV2)
        .step(TestEnv.PLACED_V2, ShopUpcasters::v2ToV3)
        .build();
  }
}
