/**
 * The payload pipeline: stages that check or transform an event's data at both boundaries of a service, after an
 * outgoing event is built and before it is encoded, and after an incoming message is decoded and before the handler's
 * payload class is bound. Schema validation, upcasting, size budgets, claim-checks and payload encryption are stages.
 */
package dev.natsaga.framework.payload;
