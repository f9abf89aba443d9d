-- The console's delivery operations (GET /v1/admin/deliveries, /dead-letters, /queues): indexes only, no new data.
-- The ledger newest first across destinations (keyset on at, id).
CREATE INDEX `deliveries_tenant_time` ON `deliveries` (`tenant_id`,`at`,`id`);--> statement-breakpoint
-- Last successful delivery per destination target: one index seek per target.
CREATE INDEX `deliveries_target_at` ON `deliveries` (`tenant_id`,`destination`,`target`,`at`);--> statement-breakpoint
-- Unfinished deliveries (a lease held, or a failure recorded and not yet delivered): a few rows, not one per lead.
CREATE INDEX `delivery_claims_unfinished` ON `delivery_claims` (`tenant_id`,`destination`,`target`) WHERE `claimed_until` IS NOT NULL OR `last_error` IS NOT NULL;--> statement-breakpoint
-- Open dead letters per queue and destination.
CREATE INDEX `dead_letters_open` ON `dead_letters` (`tenant_id`,`queue`,`destination`,`target`) WHERE `replayed_at` IS NULL;
