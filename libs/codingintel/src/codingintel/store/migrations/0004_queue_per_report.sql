-- The queue a report is sent on: several deployments (or priority queues) can share one
-- database, and each reconciler re-sends only its own queue's reports.
ALTER TABLE reports ADD COLUMN queue_name text NOT NULL DEFAULT 'reports';
