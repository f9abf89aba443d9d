-- Phone numbers become an identity: leads.phone holds E.164 (core/phone.ts), unique per tenant like the email.
-- Absorbed leads give theirs up (a merge now does the same); a phone stored before that is not E.164, or that
-- an older live lead of the tenant already has, moves into the lead's traits instead of being lost.
UPDATE `leads` SET `phone` = NULL WHERE `merged_into` IS NOT NULL;--> statement-breakpoint
UPDATE `leads` SET `traits` = json_set(`traits`, '$.phone', `phone`), `phone` = NULL
WHERE `phone` IS NOT NULL AND (`phone` NOT GLOB '+[1-9]*' OR `phone` GLOB '*[^0-9+]*' OR length(`phone`) > 16 OR EXISTS (
  SELECT 1 FROM `leads` AS `other` WHERE `other`.`tenant_id` = `leads`.`tenant_id` AND `other`.`phone` = `leads`.`phone` AND `other`.`id` < `leads`.`id`
));--> statement-breakpoint
CREATE UNIQUE INDEX `leads_tenant_phone` ON `leads` (`tenant_id`,`phone`);
