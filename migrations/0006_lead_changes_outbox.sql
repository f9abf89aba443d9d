ALTER TABLE `lead_changes` ADD `fanned_out_at` integer;--> statement-breakpoint
UPDATE `lead_changes` SET `fanned_out_at` = `at` WHERE `fanned_out_at` IS NULL;--> statement-breakpoint
CREATE INDEX `lead_changes_pending` ON `lead_changes` (`tenant_id`,`lead_id`) WHERE `fanned_out_at` IS NULL;
