-- The provider's answer to each successful delivery (GET /v1/admin/deliveries, a lead's timeline): the last call's
-- HTTP status and bounded body, and every call of the delivery as JSON [{ "operation", "status" }].
ALTER TABLE `deliveries` ADD `provider_status` integer;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `provider_body` text;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `provider_calls` text;
