-- natsaga transactional outbox, version 2: each row records whether it is an EVENT (a fact, past-tense type) or a
-- COMMAND (a request, imperative type), as the writer declared and checked it; the relay checks it again when it
-- re-builds the message, so a row whose type is not of its kind is refused, never published. Rows written before
-- this version (and rows moved in by older migrations) have NULL: the relay takes the kind the type's action names.
ALTER TABLE natsaga_outbox ADD COLUMN message_kind VARCHAR(8);
