/**
 * The attribution dimensions of the console's funnel (campaign, channel, source, landing page, variant) and the
 * SQL that reads them. Page views are attributed by their own touch (the event's `last_touch`, which a direct
 * visit never overrides), leads by their first touch; the variant is the widget A/B variant recorded on the
 * visitor's widget events (`props.variant`).
 *
 * raw_events carries the page view's dimensions as plain columns (migration 0008), written by the ingest insert
 * with RAW_DIMENSIONS below and rebuildable from the payload with the same expressions (core/analytics/rebuild.ts),
 * so the funnel reads one covering index instead of parsing every payload.
 */
export const DIMENSIONS = ['campaign', 'channel', 'source', 'landing_page', 'variant'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export type Filters = Partial<Record<Dimension, string>>;

/** The landing URL without its query string and fragment (UTM and click ids would split one page into thousands). */
export function landingPageSql(url: string): string {
  return `CASE WHEN ${url} IS NULL THEN NULL ELSE substr(${url}, 1, min(instr(${url} || '?', '?'), instr(${url} || '#', '#')) - 1) END`;
}

/** The dimension columns of raw_events, in this order, as SQL over an event's stored payload and type. */
export const RAW_DIMENSION_COLUMNS = ['touch_channel', 'touch_source', 'touch_campaign', 'landing_page', 'variant'] as const;

export function rawDimensionsSql(payload: string, type: string): string[] {
  const touch = (field: string) => `json_extract(${payload}, '$.event.last_touch.${field}')`;
  return [
    touch('channel'),
    touch('utm_source'),
    touch('utm_campaign'),
    landingPageSql(touch('landing_url')),
    `CASE WHEN ${type} = 'track' THEN CAST(json_extract(${payload}, '$.event.props.variant') AS TEXT) END`,
  ];
}

/** A page view's dimension (raw_events AS r; `vv` = the visitor's variant). */
export const VISIT_DIMENSION: Record<Dimension, string> = {
  campaign: 'r.touch_campaign',
  channel: 'r.touch_channel',
  source: 'r.touch_source',
  landing_page: 'r.landing_page',
  variant: 'vv.variant',
};

/** A lead's dimension (leads AS l, by first touch; `lv` = the lead's variant). */
export const LEAD_DIMENSION: Record<Dimension, string> = {
  campaign: `json_extract(l.first_touch, '$.utm_campaign')`,
  channel: `json_extract(l.first_touch, '$.channel')`,
  source: `json_extract(l.first_touch, '$.utm_source')`,
  landing_page: landingPageSql(`json_extract(l.first_touch, '$.landing_url')`),
  variant: 'lv.variant',
};

/** Spend rows know only campaign and source; a filter or grouping on anything else has no spend. */
export const SPEND_DIMENSION: Partial<Record<Dimension, string>> = {
  campaign: 's.campaign',
  source: `nullif(s.source, '')`,
};

export function activeFilters(filters: Filters): [Dimension, string][] {
  return DIMENSIONS.flatMap((dimension) => {
    const value = filters[dimension];
    return value === undefined || value === '' ? [] : [[dimension, value] as [Dimension, string]];
  });
}
