/** Tests of the saga start options: {@code SagaStart} and {@code SagaActor}. */
package dev.natsaga.saga.start;
