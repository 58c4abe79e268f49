package dev.natsaga.saga.participant;

/** A reply as recorded with its command: sent again, unchanged, when the command is repeated. */
record StoredReply(String type, String json, CommandReply.Outcome outcome) {
}
