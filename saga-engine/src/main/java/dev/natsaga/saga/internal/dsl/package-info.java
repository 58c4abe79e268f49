/**
 * The saga DSL's implementation: the staged builder, its validation, and the immutable step model the
 * engine walks ({@link dev.natsaga.saga.internal.dsl.DefinedSaga}, {@link dev.natsaga.saga.internal.dsl.StepDefinition}).
 */
package dev.natsaga.saga.internal.dsl;
