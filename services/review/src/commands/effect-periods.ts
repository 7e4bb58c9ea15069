// The effect periods end by themselves: on the service's clock, every sanction whose last day has
// passed gets SanctionEffectEnded (as the system), each in its own transaction. Two replicas may
// both try: the stream's expected version lets one win, the other finds it ended.
import { withTransaction } from '@jiandu/event-store';
import { localDate } from '@jiandu/decision';
import { runReviewCommand, systemCaller, type CommandDeps } from './review.commands.js';

export async function endDueEffects(deps: CommandDeps): Promise<number> {
  const { ctx } = deps;
  const today = localDate(ctx.now());
  const { rows } = await ctx.pool.query<{ case_id: string; side: 'party' | 'governmental' }>(
    `SELECT case_id, side FROM ${ctx.store.schema}.sanctions
      WHERE NOT ended AND effective_until IS NOT NULL AND effective_until < $1::date
      ORDER BY effective_until, case_id LIMIT 100`,
    [today],
  );
  let ended = 0;
  for (const row of rows) {
    await withTransaction(ctx.pool, async (tx) => {
      const { rows: still } = await tx.query(
        `SELECT 1 FROM ${ctx.store.schema}.sanctions WHERE case_id = $1 AND side = $2 AND NOT ended FOR UPDATE SKIP LOCKED`,
        [row.case_id, row.side],
      );
      if (still.length === 0) return;
      await runReviewCommand(
        deps,
        row.case_id,
        { type: 'EndSanctionEffect', data: { reviewId: row.case_id, side: row.side } },
        systemCaller(`effect-${row.case_id}-${row.side}`),
        tx,
      );
      ended += 1;
    });
  }
  return ended;
}

export function effectPeriodClock(deps: CommandDeps): { stop(): Promise<void> } {
  const tick = () =>
    endDueEffects(deps).catch((err: Error) => deps.ctx.logger.warn({ err: err.message }, 'sanction effect periods'));
  const timer = setInterval(tick, deps.config.deadlines.watchIntervalMs);
  void tick();
  return { stop: async () => clearInterval(timer) };
}
