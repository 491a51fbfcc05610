import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';
import { isJsonObject } from './json';

/**
 * The memory of notifications a trigger has already accepted ("Ignore Repeats").
 *
 * Where it lives:
 *  - In the workflow's static data of the trigger node (`seenNotifications`: key hash → time
 *    accepted, in seconds). n8n saves a webhook trigger's static data after its webhook()
 *    returns (n8n/dist/webhooks/webhook-helpers.js, `executeWebhook`, and
 *    `WorkflowStaticDataService.saveStaticData`), so it survives restarts.
 *  - In this process, a copy per workflow and node, merged with the static data at every
 *    notification: n8n loads the workflow (and its static data) from the database for each
 *    request, so two notifications handled at the same time each save their own copy and the
 *    last save wins. The process copy puts back what an overlapping save dropped.
 *  - A lock per notification key in this process: a second copy waits for the first to be
 *    answered, then finds it remembered.
 *
 * Bounds: at most MAX_REMEMBERED keys, each forgotten after MAX_AGE_SECONDS; the oldest go
 * first. Keys are stored as 24 characters of a SHA-256 (base64url), never the IDs themselves.
 */
export const MAX_REMEMBERED = 2000;
export const MAX_AGE_SECONDS = 30 * 24 * 3600;
const STATIC_KEY = 'seenNotifications';

type Seen = Map<string, number>;
const processMemory = new Map<string, Seen>();
const locks = new Map<string, Promise<void>>();

/** The stored form of a notification key: short, fixed length, not the IDs themselves. */
export function replayHash(parts: string[]): string {
	return createHash('sha256').update(JSON.stringify(parts), 'utf8').digest('base64url').slice(0, 24);
}

/** Runs `work` once no other notification with the same key is being handled in this process. */
export async function withReplayLock<T>(key: string, work: () => Promise<T>): Promise<T> {
	const previous = locks.get(key) ?? Promise.resolve();
	let release!: () => void;
	const mine = new Promise<void>((resolve) => (release = resolve));
	const tail = previous.then(() => mine);
	locks.set(key, tail);
	await previous;
	try {
		return await work();
	} finally {
		release();
		if (locks.get(key) === tail) locks.delete(key);
	}
}

function prune(seen: Seen, now: number): void {
	for (const [hash, at] of seen) if (now - at > MAX_AGE_SECONDS) seen.delete(hash);
	if (seen.size <= MAX_REMEMBERED) return;
	const newestFirst = [...seen.entries()].sort((a, b) => b[1] - a[1]);
	seen.clear();
	for (const [hash, at] of newestFirst.slice(0, MAX_REMEMBERED)) seen.set(hash, at);
}

/** The replay memory of one trigger node, for one notification. */
export class ReplayMemory {
	private readonly seen: Seen;

	constructor(
		scope: string,
		private readonly staticData: IDataObject,
		private readonly now = Math.floor(Date.now() / 1000),
	) {
		const memory = processMemory.get(scope) ?? new Map<string, number>();
		processMemory.set(scope, memory);
		const stored = staticData[STATIC_KEY];
		if (isJsonObject(stored)) {
			for (const [hash, at] of Object.entries(stored)) {
				if (typeof at === 'number' && !(memory.get(hash)! >= at)) memory.set(hash, at);
			}
		}
		this.seen = memory;
	}

	has(hash: string): boolean {
		const at = this.seen.get(hash);
		return at !== undefined && this.now - at <= MAX_AGE_SECONDS;
	}

	/** Remembers a key; n8n saves the static data once webhook() has returned. */
	remember(hash: string): void {
		this.seen.set(hash, this.now);
		prune(this.seen, this.now);
		// A new object (not an edit inside the old one) so that n8n's change tracking sees it.
		this.staticData[STATIC_KEY] = Object.fromEntries(this.seen);
	}
}

/** Forgets every process copy (tests use it to stand for a restarted n8n). */
export function forgetReplayMemory(): void {
	processMemory.clear();
}
