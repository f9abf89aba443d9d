CREATE TABLE `chatwoot_links` (
	`tenant_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`account_id` integer NOT NULL,
	`contact_id` integer,
	`source_id` text,
	`inbox_id` integer,
	`conversation_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `lead_id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chatwoot_links_conversation` ON `chatwoot_links` (`tenant_id`,`account_id`,`conversation_id`);
