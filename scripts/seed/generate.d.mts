/** Types of generate.mjs for the TypeScript tests. */
export declare const SEED_DAYS: number;
export declare const CAMPAIGNS: readonly { key: string | null; source: string | null; medium: string | null; degrades?: boolean }[];
export interface SeedMessage {
  request: Record<string, unknown> & { received_at: number; bot: boolean };
  events: { ts: number; event: Record<string, unknown> & { event_id: string; type: string; tracking_id: string } }[];
}
export interface SpendRow {
  date: string;
  campaign: string;
  source: string;
  cost: number;
  currency: string;
}
export declare function generateDataset(options: { now: number; origin?: string }): {
  messages: SeedMessage[];
  spend: SpendRow[];
  summary: { visitors: number; engaged: number; high: number; mid: number; forms: number; bots: number };
};
