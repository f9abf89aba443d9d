/**
 * Pure: what each browser (tenant + tracking_id) told us in the stored events of a batch, folded. The input is
 * what the event log holds (read back after the insert), never the incoming messages, so a reused event id
 * cannot change a lead and the leads can always be rebuilt from raw_events.
 */
import type { Touch } from '../../core/events';
import { normalisePhone } from '../../core/phone';
import { earliest, latest } from '../../core/touch';

/** One stored, non-bot event as read back from raw_events. */
export interface StoredEvent {
  tenantId: string;
  trackingId: string;
  type: string;
  ts: number;
  firstTouch: Touch | null;
  lastTouch: Touch | null;
  /** identify traits (email included), or null. */
  traits: Record<string, unknown> | null;
  /** The request's country (edge geo): the country a national phone number is read in. */
  country: string | null;
}

/** A value with the time of the event that set it: the latest wins when folds are combined. */
export interface Timed<T> {
  value: T;
  ts: number;
}

export interface VisitorFold {
  tenantId: string;
  trackingId: string;
  firstSeen: number;
  lastSeen: number;
  firstTouch: Touch | null;
  lastTouch: Touch | null;
  /** Touch history, one per touch time (a touch is identified by its browser and time). */
  touches: Map<number, Touch>;
  /** Traits other than email, oldest first: a key set again moves to the newest end. */
  traits: Map<string, Timed<unknown>>;
  email: Timed<string> | null;
  /** The latest phone trait that normalised to E.164 (one that does not stays an ordinary trait). */
  phone: Timed<string> | null;
}

export function visitorKey(tenantId: string, trackingId: string): string {
  return `${tenantId}\u0000${trackingId}`;
}

export function foldVisitors(events: readonly StoredEvent[]): VisitorFold[] {
  const folds = new Map<string, VisitorFold>();
  const ordered = [...events].sort((a, b) => a.ts - b.ts);
  for (const event of ordered) {
    const key = visitorKey(event.tenantId, event.trackingId);
    let fold = folds.get(key);
    if (!fold) {
      fold = {
        tenantId: event.tenantId,
        trackingId: event.trackingId,
        firstSeen: event.ts,
        lastSeen: event.ts,
        firstTouch: null,
        lastTouch: null,
        touches: new Map(),
        traits: new Map(),
        email: null,
        phone: null,
      };
      folds.set(key, fold);
    }
    fold.firstSeen = Math.min(fold.firstSeen, event.ts);
    fold.lastSeen = Math.max(fold.lastSeen, event.ts);
    fold.firstTouch = earliest(fold.firstTouch, event.firstTouch);
    fold.lastTouch = latest(fold.lastTouch, event.lastTouch);
    for (const touch of [event.firstTouch, event.lastTouch]) if (touch) fold.touches.set(touch.ts, touch);
    if (event.type === 'identify' && event.traits) {
      for (const [name, value] of Object.entries(event.traits)) {
        if (name === 'email') {
          if (typeof value === 'string' && value !== '') fold.email = { value, ts: event.ts };
          continue;
        }
        const phone = name === 'phone' && typeof value === 'string' ? normalisePhone(value, event.country) : null;
        if (phone !== null) {
          fold.phone = { value: phone, ts: event.ts };
          continue;
        }
        fold.traits.delete(name);
        fold.traits.set(name, { value, ts: event.ts });
      }
    }
  }
  return [...folds.values()];
}
