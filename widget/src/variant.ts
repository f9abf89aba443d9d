/**
 * A/B assignment: a hash of the tracking id picks a bucket 0-99, so one visitor keeps one variant across
 * reloads (and across devices that share the id). Variants take their weights from the bottom of the range;
 * the base questionnaire ("a") gets the rest.
 */
import type { Script, WidgetConfig } from './types';

/** FNV-1a, 32 bits: cheap, and well spread for ids. */
export const bucket = (trackingId: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < trackingId.length; i++) h = Math.imul(h ^ trackingId.charCodeAt(i), 0x1000193);
  return (h >>> 0) % 100;
};

export const script = (config: WidgetConfig, trackingId: string): Script => {
  const b = bucket(trackingId);
  let edge = 0;
  const variant = config.variants.find((v) => b < (edge += v.weight));
  const byId: Script['byId'] = {};
  for (const q of config.questions) byId[q.id] = { ...q, text: variant?.texts[q.id] || q.text };
  return {
    variant: variant?.id || 'a',
    greeting: variant?.greeting || config.greeting,
    order: variant?.order || config.questions.map((q) => q.id),
    byId,
  };
};
