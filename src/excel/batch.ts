/**
 * Bounded round trips. Excel on the web rejects a request or response over 5 MB, so queued commands
 * are sent in batches of about 4 MB (estimated) — never one sync per row or per cell.
 */

/** Estimated bytes a batch may carry each way (request, response); leaves headroom under 5 MB. */
export const BATCH_BYTES = 4 * 1024 * 1024;

/** Request bytes of one command on a proxy: its object path, the action and its arguments' framing. */
export const COMMAND_BYTES = 250;

export interface QueuedOp {
  /** Estimated bytes this op adds to the request. */
  bytes: number;
  /** Estimated bytes of what it loads into the response. */
  response?: number;
  queue(): void;
}

export interface Syncable {
  sync(): Promise<unknown>;
}

/**
 * Queue ops in order, syncing whenever the next op would overflow the budget. The last batch is
 * left queued: the caller's own sync sends it together with whatever it queues next.
 */
export async function queueInBatches(context: Syncable, ops: QueuedOp[], budget = BATCH_BYTES): Promise<number> {
  let request = 0;
  let response = 0;
  let syncs = 0;
  for (const op of ops) {
    const opResponse = op.response ?? 0;
    if ((request > 0 || response > 0) && (request + op.bytes > budget || response + opResponse > budget)) {
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one round trip per ~4 MB batch: Excel on the web rejects larger payloads
      await context.sync();
      syncs++;
      request = 0;
      response = 0;
    }
    op.queue();
    request += op.bytes;
    response += opResponse;
  }
  return syncs;
}

/** UTF-8 bytes of a string as it travels in the request JSON. */
export function textBytes(s: string): number {
  let n = 2;
  for (let i = 0; i < s.length; i++) n += s.charCodeAt(i) < 0x80 ? 1 : 3;
  return n;
}

/** Error codes Office.js uses when a batch is too large for the host. */
export function isPayloadTooLarge(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code ?? '';
  return /PayloadSizeLimitExceeded/i.test(code);
}

/**
 * Send loads in batches of about `budget` bytes each way, one sync each. A batch the host still
 * refuses as too large (the estimates were low) is sent again in smaller batches, down to one op:
 * each op must be safe to queue again.
 */
export async function loadInBatches(context: Syncable, ops: QueuedOp[], budget = BATCH_BYTES): Promise<number> {
  let syncs = 0;
  let next = 0;
  let limit = budget;
  while (next < ops.length) {
    let end = next;
    let request = 0;
    let response = 0;
    while (end < ops.length && (end === next || (request + ops[end].bytes <= limit && response + (ops[end].response ?? 0) <= limit))) {
      request += ops[end].bytes;
      response += ops[end].response ?? 0;
      end++;
    }
    for (let i = next; i < end; i++) ops[i].queue();
    try {
      syncs++;
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one round trip per ~4 MB batch: Excel on the web rejects larger payloads
      await context.sync();
    } catch (err) {
      if (!isPayloadTooLarge(err) || end - next === 1) throw err;
      limit /= 4;
      continue;
    }
    next = end;
  }
  return syncs;
}
