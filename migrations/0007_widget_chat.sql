-- The widget's chat (README, Widget → Chat): who holds a visitor's chat (trust on first use), and what the
-- visitor sent, accepted here before it is delivered to Chatwoot by the `chat` queue.
CREATE TABLE `chat_claims` (
	`tenant_id` text NOT NULL,
	`tracking_id` text NOT NULL,
	`nonce` text NOT NULL,
	`since` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `tracking_id`)
);
--> statement-breakpoint
CREATE TABLE `chat_messages` (
	`tenant_id` text NOT NULL,
	`tracking_id` text NOT NULL,
	`client_id` text NOT NULL,
	`text` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`lead_id` text,
	`conversation_id` integer,
	`remote_message_id` integer,
	`claimed_until` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	PRIMARY KEY(`tenant_id`, `tracking_id`, `client_id`)
);
--> statement-breakpoint
CREATE INDEX `chat_messages_visitor` ON `chat_messages` (`tenant_id`,`tracking_id`,`created_at`);
