/**
 * Lead search (GET /v1/admin/leads): one box for email, name or tracking id (the API's `q`), filters by
 * stage, score range, channel and campaign, results a page at a time with "load more" (keyset cursor), and
 * the same filters as a CSV (GET /v1/admin/leads.csv).
 */
import { useState } from 'preact/hooks';
import { query } from '../api/client';
import type { LeadSummary, Stage } from '../api/types';
import { useSession, useUi } from '../context';
import { downloadCsv } from '../parts/download';
import { Empty, ErrorBox, LoadMore } from '../parts/feedback';
import { href } from '../router';
import { asApiError } from '../use-api';
import { usePaged } from '../use-paged';

const STAGES: readonly Stage[] = ['Unqualified', 'MQL', 'SQL'];
/** The tracker's channels (README, "Which channel a touch gets"). */
export const CHANNELS = [
  'paid_search',
  'paid_social',
  'email',
  'social',
  'organic_search',
  'affiliate',
  'display',
  'other',
  'referral',
  'direct',
];

export interface LeadFilters {
  q: string;
  stage: string;
  score_min: string;
  score_max: string;
  channel: string;
  campaign: string;
  /** '' (everyone), 'true' (an email or phone is known) or 'false' (anonymous visitors). */
  identified: string;
}

const NO_FILTERS: LeadFilters = { q: '', stage: '', score_min: '', score_max: '', channel: '', campaign: '', identified: '' };
/** Page sizes the API takes (limit ≤ 200); more come with "Load more". */
const PAGE_SIZES = [10, 25, 50, 100] as const;

/** The filters as the API's query (empty ones left out); the list adds its page size. */
export function leadsQuery(filters: LeadFilters, limit?: number): string {
  return query({ ...filters, q: filters.q.trim(), campaign: filters.campaign.trim(), limit });
}

export function leadLabel(lead: LeadSummary, anonymous: string): string {
  return lead.name || lead.email || lead.phone || anonymous;
}

export function Leads() {
  const { t, f } = useUi();
  const session = useSession();
  const [draft, setDraft] = useState<LeadFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<LeadFilters>(NO_FILTERS);
  const [exportError, setExportError] = useState<unknown>(null);
  const [pageSize, setPageSize] = useState<number>(50);
  const page = usePaged<LeadSummary>(`/v1/admin/leads${leadsQuery(filters, pageSize)}`, 'leads');
  const set = (key: keyof LeadFilters) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
    setDraft({ ...draft, [key]: e.currentTarget.value });

  const exportCsv = async (): Promise<void> => {
    setExportError(null);
    try {
      await downloadCsv(session.token, `/v1/admin/leads.csv${leadsQuery(filters)}`, 'leadtrail-leads.csv');
    } catch (e) {
      setExportError(e);
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>{t.leads.title}</h1>
      <div role="search">
        <form
          class="filters"
          onSubmit={(e) => {
            e.preventDefault();
            setFilters(draft);
          }}
        >
          <label class="wide">
            {t.leads.q}
            <input type="search" name="q" value={draft.q} onInput={set('q')} />
          </label>
          <label>
            {t.leads.stage}
            <select name="stage" value={draft.stage} onChange={set('stage')}>
              <option value="">{t.leads.anyStage}</option>
              {STAGES.map((s) => (
                <option key={s} value={s}>
                  {t.stages[s] ?? s}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.leads.who}
            <select name="identified" value={draft.identified} onChange={set('identified')}>
              <option value="">{t.leads.everyone}</option>
              <option value="true">{t.leads.identified}</option>
              <option value="false">{t.leads.anonymousOnly}</option>
            </select>
          </label>
          <label>
            {t.leads.scoreMin}
            <input type="number" name="score_min" inputMode="numeric" value={draft.score_min} onInput={set('score_min')} />
          </label>
          <label>
            {t.leads.scoreMax}
            <input type="number" name="score_max" inputMode="numeric" value={draft.score_max} onInput={set('score_max')} />
          </label>
          <label>
            {t.leads.channel}
            <select name="channel" value={draft.channel} onChange={set('channel')}>
              <option value="">{t.leads.anyChannel}</option>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t.channels[c] ?? c}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.leads.campaign}
            <input type="text" name="campaign" value={draft.campaign} onInput={set('campaign')} />
          </label>
          <div class="actions">
            <button type="submit">{t.leads.submit}</button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setDraft(NO_FILTERS);
                setFilters(NO_FILTERS);
              }}
            >
              {t.leads.reset}
            </button>
            <button type="button" class="secondary" onClick={exportCsv}>
              {t.leads.exportCsv}
            </button>
          </div>
        </form>
      </div>
      {exportError !== null && <ErrorBox error={asApiError(exportError)} />}

      <section aria-labelledby="results-title" class="panel">
        <div class="panel-head">
          <h2 id="results-title">{t.leads.results}</h2>
          <label>
            {t.leads.pageSize}
            <select value={String(pageSize)} onChange={(e) => setPageSize(Number(e.currentTarget.value))}>
              {PAGE_SIZES.map((n) => (
                <option key={n} value={String(n)}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </div>
        {page.error && <ErrorBox error={page.error} retry={page.reload} />}
        {page.loaded && page.items.length == 0 && <Empty />}
        {page.items.length > 0 && (
          <div class="scroll">
            <table class="data" data-testid="leads">
              <caption class="sr-only">{t.leads.results}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.leads.lead}</th>
                  <th scope="col">{t.leads.stage}</th>
                  <th scope="col" class="num">
                    {t.leads.score}
                  </th>
                  <th scope="col">{t.leads.channel}</th>
                  <th scope="col">{t.leads.campaign}</th>
                  <th scope="col">{t.leads.lastSeen}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((lead) => {
                  const touch = lead.last_touch ?? lead.first_touch;
                  return (
                    <tr key={lead.id}>
                      <th scope="row">
                        <a href={href({ view: 'lead', id: lead.id })}>{leadLabel(lead, t.leads.anonymous)}</a>
                        {lead.name && lead.email && <span class="muted small"> {lead.email}</span>}
                      </th>
                      <td>
                        <span class={`badge stage-${lead.stage}`}>{t.stages[lead.stage] ?? lead.stage}</span>
                      </td>
                      <td class="num">{f.int(lead.score)}</td>
                      <td>{touch?.channel ? (t.channels[touch.channel] ?? touch.channel) : t.none}</td>
                      <td>{touch?.utm_campaign ?? t.none}</td>
                      <td>{f.dateTime(lead.last_seen)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {(page.loaded || page.items.length > 0) && (
          <LoadMore count={page.items.length} next={page.next} loading={page.loading} onMore={page.loadMore} />
        )}
      </section>
    </>
  );
}
