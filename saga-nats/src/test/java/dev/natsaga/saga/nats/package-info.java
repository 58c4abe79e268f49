/**
 * The saga engine against a real nats-server: the shop saga and the payment participant (built on the participant
 * API) as fixtures, happy path, compensation, lost commands and timeouts across an orchestrator restart, duplicate
 * replies and repeated commands, {@code kill -9} of an orchestrator process, and two instances on one database.
 */
package dev.natsaga.saga.nats;
