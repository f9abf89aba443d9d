ALTER TABLE `raw_events` ADD `touch_channel` text;--> statement-breakpoint
ALTER TABLE `raw_events` ADD `touch_source` text;--> statement-breakpoint
ALTER TABLE `raw_events` ADD `touch_campaign` text;--> statement-breakpoint
ALTER TABLE `raw_events` ADD `landing_page` text;--> statement-breakpoint
ALTER TABLE `raw_events` ADD `variant` text;--> statement-breakpoint
UPDATE raw_events SET touch_channel = json_extract(payload, '$.event.last_touch.channel'), touch_source = json_extract(payload, '$.event.last_touch.utm_source'), touch_campaign = json_extract(payload, '$.event.last_touch.utm_campaign'), landing_page = CASE WHEN json_extract(payload, '$.event.last_touch.landing_url') IS NULL THEN NULL ELSE substr(json_extract(payload, '$.event.last_touch.landing_url'), 1, min(instr(json_extract(payload, '$.event.last_touch.landing_url') || '?', '?'), instr(json_extract(payload, '$.event.last_touch.landing_url') || '#', '#')) - 1) END, variant = CASE WHEN type = 'track' THEN CAST(json_extract(payload, '$.event.props.variant') AS TEXT) END;--> statement-breakpoint
CREATE INDEX `raw_events_page_views` ON `raw_events` (`tenant_id`,`ts`,`tracking_id`,`touch_campaign`,`touch_channel`,`touch_source`,`landing_page`) WHERE "raw_events"."type" = 'page_view' AND "raw_events"."bot" = 0;--> statement-breakpoint
CREATE INDEX `raw_events_identified` ON `raw_events` (`tenant_id`,`ts`,`tracking_id`) WHERE "raw_events"."type" = 'identify' AND "raw_events"."bot" = 0 AND (json_extract("raw_events"."payload", '$.event.traits.email') IS NOT NULL OR json_extract("raw_events"."payload", '$.event.traits.phone') IS NOT NULL);--> statement-breakpoint
CREATE INDEX `raw_events_variant` ON `raw_events` (`tenant_id`,`tracking_id`,`variant`,`ts`) WHERE "raw_events"."variant" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `raw_events_bots` ON `raw_events` (`tenant_id`,`ts`) WHERE "raw_events"."bot" = 1;--> statement-breakpoint
CREATE TABLE `ad_spend` (
	`tenant_id` text NOT NULL,
	`date` text NOT NULL,
	`campaign` text NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`cost_micros` integer NOT NULL,
	`currency` text NOT NULL,
	`imported_at` integer NOT NULL,
	`imported_by` text,
	PRIMARY KEY(`tenant_id`, `date`, `campaign`, `source`)
);
--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`campaign` text DEFAULT '' NOT NULL,
	`window_start` integer NOT NULL,
	`window_end` integer NOT NULL,
	`current` real NOT NULL,
	`previous` real,
	`threshold` real NOT NULL,
	`created_at` integer NOT NULL,
	`notified_at` integer,
	`notified_targets` text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_dedupe` ON `alerts` (`tenant_id`,`kind`,`campaign`,`window_end`);--> statement-breakpoint
CREATE INDEX `alerts_tenant_created` ON `alerts` (`tenant_id`,`created_at`,`id`);
