-- booking schema, version 3: the read model of GET /customers/{customerId}/bookings, kept by the projection
-- customer-bookings from the booking events (checkpoint in natsaga_projection, created by the projector) and rebuilt
-- from the stream with POST /projections/customer-bookings/rebuild.
CREATE TABLE customer_booking (
  booking_id  VARCHAR(64)  PRIMARY KEY,
  customer_id VARCHAR(200) NOT NULL,
  status      VARCHAR(16)  NOT NULL,
  reason      VARCHAR(2000),
  service_id  VARCHAR(200),
  slot_id     VARCHAR(200),
  start_time  VARCHAR(40),
  amount      BIGINT,
  currency    VARCHAR(3),
  settled_at  VARCHAR(40),
  stream_sequence BIGINT NOT NULL
);
CREATE INDEX customer_booking_customer ON customer_booking (customer_id);
