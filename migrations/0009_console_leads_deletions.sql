-- The console's lead list (GET /v1/admin/leads): live leads newest-seen first, keyset on (last_seen, id).
CREATE INDEX `leads_tenant_live_seen` ON `leads` (`tenant_id`,`last_seen`,`id`) WHERE `merged_into` IS NULL;--> statement-breakpoint
-- A person's absorbed leads (GDPR deletion, Chatwoot link inheritance): leads merged into a survivor.
CREATE INDEX `leads_tenant_merged_into` ON `leads` (`tenant_id`,`merged_into`) WHERE `merged_into` IS NOT NULL;--> statement-breakpoint
-- GDPR deletions: the audit row that remains (who, when, what counts), never the person's data (the selector
-- is kept only as a salted hash).
CREATE TABLE `deletions` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`requested_by` text NOT NULL,
	`requested_at` integer NOT NULL,
	`completed_at` integer,
	`status` text NOT NULL,
	`selector_kind` text NOT NULL,
	`selector_hash` text NOT NULL,
	`rows_deleted` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `deletions_tenant_requested` ON `deletions` (`tenant_id`,`requested_at`,`id`);--> statement-breakpoint
-- One row per destination a deletion was requested from, updated by its consumer.
CREATE TABLE `deletion_destinations` (
	`tenant_id` text NOT NULL,
	`deletion_id` text NOT NULL,
	`destination` text NOT NULL,
	`target` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`error` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `deletion_id`, `destination`, `target`)
);
