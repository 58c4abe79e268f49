/** Checks of the DSL implementation that the staged API cannot reach. */
package dev.natsaga.saga.internal.dsl;
