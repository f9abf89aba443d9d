/**
 * Replay for worker-side callers (scripts, future scheduled jobs): the SQL lives in core/dead-letters.ts so the
 * ops route in edge/ shares it without importing worker-queue/.
 */
export { REPLAY_LIMIT, type ReplayFilter, type ReplayResult, type ReplayedLetter, replayDeadLetters } from '../../core/dead-letters';
