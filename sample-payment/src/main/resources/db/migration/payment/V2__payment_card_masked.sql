-- payment schema, version 2: the payment card of an authorization, masked (e.g. '**** 4242'); the full number,
-- holder and expiry are never stored. NULL when the booking came without a card.
ALTER TABLE payment ADD COLUMN card_masked VARCHAR(32);
