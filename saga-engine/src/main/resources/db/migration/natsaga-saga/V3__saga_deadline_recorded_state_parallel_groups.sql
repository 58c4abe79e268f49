-- natsaga saga engine schema, version 3.
-- saga_deadline: when the whole saga must have completed (the definition's .deadline(Duration), fixed at start);
-- null when the definition has none. While the saga executes, the deadline column holds the earlier of it and the
-- current step's deadline, so the existing (status, deadline) scan finds it.
ALTER TABLE saga_instance ADD COLUMN saga_deadline TIMESTAMP WITH TIME ZONE;

-- state_change: the top-level fields of the saga's state that a step or compensation changed, as a JSON object
-- (e.g. {"refundId":"rf-1"}); null when the attempt left the state as it was.
ALTER TABLE saga_step_log ADD COLUMN state_change VARCHAR(4000);

-- branches_json: while a saga is inside a parallel group, the progress of each branch (status, attempt, command id,
-- deadline) as JSON; null outside a group. It lives on the instance row, so concurrent replies to branches of one saga
-- are serialised by the row's optimistic lock_version like every other change.
ALTER TABLE saga_instance ADD COLUMN branches_json TEXT;
