/**
 * One lead (GET /v1/admin/leads/{id}): who, where they came from (first and last touch), answers, the score
 * and what made it, the timeline (events, touches, answers, score and stage changes, deliveries,
 * conversations), deliveries with the provider's answer, dead letters with replay, Chatwoot and CRM ids.
 */
import type { Answer, LeadDetail, Touch } from '../api/types';
import { useUi } from '../context';
import { DeadLettersTable, DeliveriesTable } from '../parts/delivery-tables';
import { Empty, ErrorBox, Loading } from '../parts/feedback';
import { AdminOnlyNote, ReplayButton, useReplayNotice } from '../parts/replay';
import { href } from '../router';
import { useApi } from '../use-api';
import { leadLabel } from './leads';

const TOUCH_FIELDS = ['channel', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'landing_url', 'referrer'] as const;

/** Answers as a list, whether the API sends derived answers or a question → value map. */
export function answerList(answers: Answer[] | Record<string, string> | undefined): Answer[] {
  if (!answers) return [];
  if (Array.isArray(answers)) return answers;
  return Object.entries(answers).map(([question_id, value]) => ({ question_id, value: String(value) }));
}

function text(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return typeof value == 'object' ? JSON.stringify(value) : String(value);
}

function TouchList({ title, touch }: { title: string; touch: Touch | null }) {
  const { t } = useUi();
  return (
    <div>
      <h3>{title}</h3>
      {touch ? (
        <dl class="pairs">
          {TOUCH_FIELDS.filter((k) => touch[k]).map((k) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd class="wrap">{text(touch[k])}</dd>
            </div>
          ))}
          {Object.entries(touch.click_ids ?? {}).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd class="wrap">{v}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p class="muted">{t.none}</p>
      )}
    </div>
  );
}

export function Lead({ id }: { id: string }) {
  const { t, f } = useUi();
  const { data, error, loading, reload } = useApi<LeadDetail>(`/v1/admin/leads/${encodeURIComponent(id)}`);
  const lead = data?.lead;
  const answers = answerList(lead?.answers);
  const breakdown = lead?.score_breakdown ?? [];
  const replay = useReplayNotice(reload);

  return (
    <>
      <p>
        <a href={href({ view: 'leads' })}>← {t.lead.back}</a>
      </p>
      <h1 tabIndex={-1}>
        {lead ? leadLabel(lead, t.leads.anonymous) : t.leads.lead}
        {lead && <span class={`badge stage-${lead.stage}`}>{t.stages[lead.stage] ?? lead.stage}</span>}
      </h1>
      {error && <ErrorBox error={error} retry={reload} />}
      {loading && !data && <Loading />}
      {data && lead && (
        <>
          <section aria-labelledby="profile-title" class="panel">
            <h2 id="profile-title">{t.lead.profile}</h2>
            <dl class="pairs">
              <div>
                <dt>{t.lead.email}</dt>
                <dd>{text(lead.email)}</dd>
              </div>
              <div>
                <dt>{t.lead.name}</dt>
                <dd>{text(lead.name)}</dd>
              </div>
              <div>
                <dt>{t.lead.phone}</dt>
                <dd>{text(lead.phone)}</dd>
              </div>
              <div>
                <dt>{t.leads.score}</dt>
                <dd data-testid="score">{f.int(lead.score)}</dd>
              </div>
              <div>
                <dt>{t.lead.country}</dt>
                <dd>{text(lead.country)}</dd>
              </div>
              <div>
                <dt>{t.lead.variant}</dt>
                <dd>{text(lead.variant)}</dd>
              </div>
              <div>
                <dt>{t.leads.firstSeen}</dt>
                <dd>{f.dateTime(lead.first_seen)}</dd>
              </div>
              <div>
                <dt>{t.leads.lastSeen}</dt>
                <dd>{f.dateTime(lead.last_seen)}</dd>
              </div>
              <div>
                <dt>{t.lead.trackingIds}</dt>
                <dd class="wrap">
                  <code>{lead.tracking_ids.join(', ') || t.none}</code>
                </dd>
              </div>
            </dl>
            <div class="columns">
              <TouchList title={t.lead.firstTouch} touch={lead.first_touch} />
              <TouchList title={t.lead.lastTouch} touch={lead.last_touch} />
            </div>
          </section>

          <div class="columns">
            <section aria-labelledby="answers-title" class="panel">
              <h2 id="answers-title">{t.lead.answers}</h2>
              {answers.length == 0 ? (
                <Empty />
              ) : (
                <table class="data">
                  <caption class="sr-only">{t.lead.answers}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t.lead.question}</th>
                      <th scope="col">{t.lead.answer}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {answers.map((a) => (
                      <tr key={a.question_id}>
                        <th scope="row">{a.question_id}</th>
                        <td class="wrap">{a.value}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section aria-labelledby="breakdown-title" class="panel">
              <h2 id="breakdown-title">{t.lead.breakdown}</h2>
              {breakdown.length == 0 ? (
                <Empty />
              ) : (
                <table class="data" data-testid="score-breakdown">
                  <caption class="sr-only">{t.lead.breakdown}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t.lead.rule}</th>
                      <th scope="col" class="num">
                        {t.lead.points}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {breakdown.map((item, i) => (
                      <tr key={`${item.rule}-${i}`}>
                        <th scope="row">{item.rule}</th>
                        <td class="num">{f.int(item.points)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">{t.lead.total}</th>
                      <td class="num">{f.int(lead.score)}</td>
                    </tr>
                  </tfoot>
                </table>
              )}
            </section>
          </div>

          <section aria-labelledby="timeline-title" class="panel">
            <h2 id="timeline-title">{t.lead.timeline}</h2>
            {data.timeline.length == 0 ? (
              <Empty />
            ) : (
              <ol class="timeline" data-testid="timeline">
                {data.timeline.map((entry, i) => (
                  <li key={i} class={`kind-${entry.kind}`}>
                    <time dateTime={entry.at}>{f.dateTime(entry.at)}</time>
                    <span class="badge">{t.lead.kinds[entry.kind] ?? entry.kind}</span>
                    <span class="wrap">{entry.summary}</span>
                  </li>
                ))}
              </ol>
            )}
          </section>

          <section aria-labelledby="links-title" class="panel">
            <h2 id="links-title">{t.lead.links}</h2>
            {!data.links.chatwoot && data.links.crm.length == 0 && <p class="muted">{t.lead.noLinks}</p>}
            <dl class="pairs">
              {data.links.chatwoot && (
                <>
                  <div>
                    <dt>
                      {t.lead.chatwoot} · {t.lead.contact}
                    </dt>
                    <dd>{text(data.links.chatwoot.contact_id)}</dd>
                  </div>
                  <div>
                    <dt>
                      {t.lead.chatwoot} · {t.lead.conversation}
                    </dt>
                    <dd>{text(data.links.chatwoot.conversation_id)}</dd>
                  </div>
                  <div>
                    <dt>
                      {t.lead.chatwoot} · {t.lead.inbox}
                    </dt>
                    <dd>{text(data.links.chatwoot.inbox_id)}</dd>
                  </div>
                </>
              )}
              {data.links.crm.map((crm) => (
                <div key={`${crm.destination}-${crm.target ?? ''}`}>
                  <dt>
                    {crm.destination}
                    {crm.target ? ` · ${crm.target}` : ''}
                  </dt>
                  <dd class="wrap">{text(crm.remote_ids)}</dd>
                </div>
              ))}
            </dl>
          </section>

          <section aria-labelledby="lead-deliveries-title" class="panel">
            <h2 id="lead-deliveries-title">{t.deliveries.deliveries}</h2>
            {data.deliveries.length == 0 ? <Empty /> : <DeliveriesTable rows={data.deliveries} caption={t.deliveries.deliveries} />}
          </section>

          <section aria-labelledby="lead-dead-title" class="panel">
            <div class="panel-head">
              <h2 id="lead-dead-title">{t.deliveries.deadLetters}</h2>
              {data.dead_letters.some((d) => d.status == 'open') && (
                <ReplayButton body={{ lead_id: lead.id }} label={t.lead.replayLead} onDone={replay.onDone} />
              )}
            </div>
            <AdminOnlyNote />
            {replay.notice}
            {data.dead_letters.length == 0 ? (
              <Empty />
            ) : (
              <DeadLettersTable rows={data.dead_letters} caption={t.deliveries.deadLetters} onReplayed={replay.onDone} />
            )}
          </section>
        </>
      )}
    </>
  );
}
