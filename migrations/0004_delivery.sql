CREATE TABLE `deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`destination` text NOT NULL,
	`target` integer DEFAULT 0 NOT NULL,
	`lead_id` text NOT NULL,
	`lead_version` integer NOT NULL,
	`payload_hash` text NOT NULL,
	`status` text NOT NULL,
	`remote_id` text,
	`attempts` integer NOT NULL,
	`replay_of` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_payload` ON `deliveries` (`tenant_id`,`destination`,`target`,`lead_id`,`payload_hash`);--> statement-breakpoint
CREATE INDEX `deliveries_lead` ON `deliveries` (`tenant_id`,`lead_id`,`at`);--> statement-breakpoint
CREATE INDEX `deliveries_tenant_at` ON `deliveries` (`tenant_id`,`destination`,`at`);--> statement-breakpoint
CREATE TABLE `delivery_claims` (
	`tenant_id` text NOT NULL,
	`destination` text NOT NULL,
	`target` integer DEFAULT 0 NOT NULL,
	`lead_id` text NOT NULL,
	`claimed_by` text,
	`claimed_until` integer,
	`remote_ids` text DEFAULT '{}' NOT NULL,
	`delivered_version` integer DEFAULT -1 NOT NULL,
	`delivered_hash` text,
	`delivered_payload` text,
	`last_status` integer,
	`last_error` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `destination`, `target`, `lead_id`)
);
--> statement-breakpoint
CREATE TABLE `destination_accounts` (
	`tenant_id` text NOT NULL,
	`destination` text NOT NULL,
	`account_key` text NOT NULL,
	`state` text DEFAULT '{}' NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `destination`, `account_key`)
);
--> statement-breakpoint
ALTER TABLE `dead_letters` ADD `destination` text;--> statement-breakpoint
ALTER TABLE `dead_letters` ADD `target` integer;--> statement-breakpoint
ALTER TABLE `dead_letters` ADD `lead_id` text;--> statement-breakpoint
ALTER TABLE `dead_letters` ADD `status` integer;--> statement-breakpoint
ALTER TABLE `dead_letters` ADD `provider_body` text;--> statement-breakpoint
CREATE INDEX `dead_letters_destination` ON `dead_letters` (`tenant_id`,`destination`,`created_at`);--> statement-breakpoint
CREATE INDEX `dead_letters_lead` ON `dead_letters` (`tenant_id`,`lead_id`,`created_at`);
