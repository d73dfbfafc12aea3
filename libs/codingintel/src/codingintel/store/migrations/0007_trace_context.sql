-- The W3C trace context of the call that created the report (ids and flags only, never
-- baggage): a message the reconciler sends again continues that trace. NULL when tracing
-- was off.
ALTER TABLE reports ADD COLUMN traceparent text, ADD COLUMN tracestate text;
