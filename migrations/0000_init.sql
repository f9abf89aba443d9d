CREATE TABLE `dead_letters` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text,
	`queue` text NOT NULL,
	`message_id` text NOT NULL,
	`body` text NOT NULL,
	`attempts` integer NOT NULL,
	`error` text,
	`created_at` integer NOT NULL,
	`replayed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dead_letters_message` ON `dead_letters` (`queue`,`message_id`);--> statement-breakpoint
CREATE INDEX `dead_letters_tenant` ON `dead_letters` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `lead_aliases` (
	`tenant_id` text NOT NULL,
	`tracking_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `tracking_id`)
);
--> statement-breakpoint
CREATE INDEX `lead_aliases_lead` ON `lead_aliases` (`tenant_id`,`lead_id`);--> statement-breakpoint
CREATE TABLE `leads` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`email` text,
	`phone` text,
	`name` text,
	`traits` text DEFAULT '{}' NOT NULL,
	`first_touch` text,
	`last_touch` text,
	`first_seen` integer NOT NULL,
	`last_seen` integer NOT NULL,
	`merged_into` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `leads_tenant_email` ON `leads` (`tenant_id`,`email`);--> statement-breakpoint
CREATE INDEX `leads_tenant_last_seen` ON `leads` (`tenant_id`,`last_seen`);--> statement-breakpoint
CREATE TABLE `raw_events` (
	`tenant_id` text NOT NULL,
	`event_id` text NOT NULL,
	`type` text NOT NULL,
	`name` text,
	`tracking_id` text NOT NULL,
	`session_id` text NOT NULL,
	`ts` integer NOT NULL,
	`received_at` integer NOT NULL,
	`bot` integer DEFAULT false NOT NULL,
	`payload` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `event_id`)
);
--> statement-breakpoint
CREATE INDEX `raw_events_tracking` ON `raw_events` (`tenant_id`,`tracking_id`,`ts`);--> statement-breakpoint
CREATE INDEX `raw_events_received` ON `raw_events` (`tenant_id`,`received_at`);--> statement-breakpoint
CREATE TABLE `touches` (
	`tenant_id` text NOT NULL,
	`tracking_id` text NOT NULL,
	`ts` integer NOT NULL,
	`lead_id` text NOT NULL,
	`channel` text NOT NULL,
	`utm_source` text,
	`utm_medium` text,
	`utm_campaign` text,
	`utm_term` text,
	`utm_content` text,
	`utm_id` text,
	`click_ids` text DEFAULT '{}' NOT NULL,
	`referrer` text,
	`landing_url` text,
	PRIMARY KEY(`tenant_id`, `tracking_id`, `ts`)
);
--> statement-breakpoint
CREATE INDEX `touches_lead` ON `touches` (`tenant_id`,`lead_id`,`ts`);