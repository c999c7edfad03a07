-- A feedback job is assessed by one worker at a time. A worker takes the attempt's lease when it
-- begins and renews it while it works; a second delivery of the same job (a duplicate entry, or one
-- claimed from a worker that is only slow) finds the lease held and leaves the job alone. The
-- outbox does not send a job again while a worker holds its lease.
ALTER TABLE feedback_attempts ADD COLUMN lease_until timestamptz;
