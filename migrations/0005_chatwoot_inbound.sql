CREATE TABLE `inbound_webhooks` (
	`tenant_id` text NOT NULL,
	`source` text NOT NULL,
	`delivery_id` text NOT NULL,
	`event` text NOT NULL,
	`signature` text NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `source`, `delivery_id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_webhooks_signature` ON `inbound_webhooks` (`tenant_id`,`source`,`signature`);--> statement-breakpoint
CREATE TABLE `conversation_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`account_id` integer NOT NULL,
	`conversation_id` integer NOT NULL,
	`kind` text NOT NULL,
	`direction` text,
	`message_id` integer,
	`sender_type` text,
	`sender_name` text,
	`content` text,
	`status` text,
	`delivery_id` text NOT NULL,
	`at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conversation_events_message` ON `conversation_events` (`tenant_id`,`account_id`,`message_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `conversation_events_delivery` ON `conversation_events` (`tenant_id`,`delivery_id`);--> statement-breakpoint
CREATE INDEX `conversation_events_lead` ON `conversation_events` (`tenant_id`,`lead_id`,`id`);
