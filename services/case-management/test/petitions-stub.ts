// A stand-in for 信访室's `read-accused` on real NATS (issue 12): it answers with the wire packet of
// Nest's NATS transport and the RPC reply convention, from the names it is given; a petition it
// has no name for gets no answer (信访室 away: the caller times out). It records who asked.
import { accusedOperations } from '@jiandu/contracts';
import { withNamespace } from '@jiandu/messaging';
import { connect, type NatsConnection } from '@nats-io/transport-node';

export interface PetitionsStub {
  /** The accused's name of each petition 信访室 answers for; the rest go unanswered. */
  names: Map<string, string>;
  calls: { petitionId: string; actor: { sub: string; office: string } }[];
  close(): Promise<void>;
}

export async function startPetitionsStub(namespace: string): Promise<PetitionsStub> {
  const nc: NatsConnection = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  const names = new Map<string, string>();
  const calls: PetitionsStub['calls'] = [];
  const sub = nc.subscribe(withNamespace(namespace, accusedOperations.readAccused.subject), {
    callback: (err, msg) => {
      if (err || !msg.reply) return;
      const packet = msg.json<{
        id: string;
        data: { actor: { sub: string; office: string }; payload: { petitionId: string } };
      }>();
      const { petitionId } = packet.data.payload;
      calls.push({ petitionId, actor: packet.data.actor });
      const name = names.get(petitionId);
      if (name === undefined) return;
      msg.respond(JSON.stringify({ id: packet.id, response: { ok: true, value: { petitionId, name } }, isDisposed: true }));
    },
  });
  await nc.flush();
  return {
    names,
    calls,
    close: async () => {
      sub.unsubscribe();
      await nc.drain();
    },
  };
}
