/**
 * Pure: the private notes an agent reads. The first note carries the whole context (answers, score breakdown,
 * touch history); later ones say only what changed since the last delivered payload.
 */
import type { ChatwootPayload, NoteFacts } from './mapping';

function when(ts: number): string {
  return `${new Date(ts).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function signed(points: number): string {
  return points >= 0 ? `+${points}` : String(points);
}

function touchLine(touch: NoteFacts['touches'][number]): string {
  const utm = [touch.source, touch.medium, touch.campaign].map((part) => part ?? '–').join(' / ');
  return `• ${when(touch.ts)} · ${touch.channel} · ${utm}${touch.landing_url ? ` · ${touch.landing_url}` : ''}`;
}

function answerLine(answer: NoteFacts['answers'][number]): string {
  return `• ${answer.question_id}: ${answer.value}${answer.points ? ` (${signed(answer.points)})` : ''}`;
}

export function initialNote(payload: ChatwootPayload): string {
  const { facts } = payload;
  const lines = [`LeadTrail: ${facts.stage}, score ${facts.score}`, ''];
  lines.push('Questionnaire');
  lines.push(...(facts.answers.length > 0 ? facts.answers.map(answerLine) : ['• (no answers yet)']));
  lines.push('', `Score ${facts.score} (${facts.stage})`);
  lines.push(
    ...(facts.breakdown.length > 0
      ? facts.breakdown.map((item) => `• ${item.rule} ${signed(item.points)}`)
      : ['• (no scoring events yet)']),
  );
  lines.push('', 'Touches (oldest first)');
  lines.push(...(facts.touches.length > 0 ? facts.touches.map(touchLine) : ['• direct (no campaign)']));
  lines.push('', `Lead ${facts.lead_id} · tracking id ${facts.tracking_id}`);
  return lines.join('\n');
}

function key(answer: NoteFacts['answers'][number]): string {
  return `${answer.question_id}\u0000${answer.value}`;
}

/** The lines describing a change; empty when nothing an agent reads in a note changed. */
export function changeLines(previous: ChatwootPayload, current: ChatwootPayload): string[] {
  const lines: string[] = [];
  const before = previous.facts;
  const after = current.facts;
  if (before.stage !== after.stage) lines.push(`• Stage: ${before.stage} → ${after.stage}`);
  if (before.score !== after.score) lines.push(`• Score: ${before.score} → ${after.score}`);
  const known = new Set(before.answers.map(key));
  for (const answer of after.answers) if (!known.has(key(answer))) lines.push(`• New answer: ${answerLine(answer).slice(2)}`);
  const seen = new Set(before.touches.map((touch) => touch.ts));
  for (const touch of after.touches) if (!seen.has(touch.ts)) lines.push(`• New touch: ${touchLine(touch).slice(2)}`);
  const contact = ['name', 'email', 'phone_number'] as const;
  for (const field of contact) {
    if (previous.contact[field] !== current.contact[field] && current.contact[field])
      lines.push(`• ${field.replace('_', ' ')}: ${current.contact[field]}`);
  }
  return lines;
}

export function changeNote(previous: ChatwootPayload, current: ChatwootPayload): string | null {
  const lines = changeLines(previous, current);
  return lines.length === 0
    ? null
    : [`LeadTrail: lead updated (${current.facts.stage}, score ${current.facts.score})`, ...lines].join('\n');
}
