/**
 * Schema governance for natsaga services: a JSON Schema (draft 2020-12) per event type and version, from the classpath
 * ({@code schemas/{type}.json}) and a shared registry on a JetStream KeyValue bucket; validation at both boundaries as
 * framework payload stages ({@link dev.natsaga.schema.SchemaValidation}); compatibility rules
 * ({@link dev.natsaga.schema.Compatibility}); upcasters ({@link dev.natsaga.schema.Upcasters}); size budgets and the
 * claim-check ({@link dev.natsaga.schema.SizeBudget}, {@link dev.natsaga.schema.ClaimCheck}); the blue-green cut-over
 * ({@link dev.natsaga.schema.Cutover}).
 */
package dev.natsaga.schema;
