ALTER TABLE `leads` ADD `score` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `leads` ADD `stage` text DEFAULT 'Unqualified' NOT NULL;--> statement-breakpoint
ALTER TABLE `leads` ADD `score_breakdown` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `leads` ADD `answers` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `leads` ADD `version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `leads_tenant_stage` ON `leads` (`tenant_id`,`stage`,`last_seen`);--> statement-breakpoint
CREATE TABLE `lead_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`type` text NOT NULL,
	`from_stage` text,
	`to_stage` text,
	`score` integer,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `lead_changes_lead` ON `lead_changes` (`tenant_id`,`lead_id`,`at`);--> statement-breakpoint
CREATE INDEX `lead_changes_tenant_at` ON `lead_changes` (`tenant_id`,`type`,`at`);
