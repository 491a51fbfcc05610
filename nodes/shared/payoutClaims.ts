import type { IDataObject, IExecutePaginationFunctions, INodeExecutionData } from 'n8n-workflow';
import { isJsonObject } from './json';

/*
 * What an execution has done with each payout ID, for Payout → Create (payout.ts): one ID pays
 * once per execution, whichever item, node run, node or agent call brings it.
 */

export type State = 'sending' | 'created' | 'unknown' | 'not-created';

/** What an execution has done with one payout ID. */
export interface Claim {
	/** The node run (see runOf) and item that claimed it. */
	run: string;
	item: number;
	/** The create request, as `requestKey` writes it. */
	request: string;
	sent: IDataObject;
	state: State;
	/** The items reported when the payout was created or found. */
	items?: INodeExecutionData[];
}

/** An execution's claims, by account and ID, and when they were last used (monotonic ms). */
interface Claims {
	byId: Map<string, Claim>;
	touched: number;
}

/**
 * Claims are kept per execution (n8n's execution ID), so that one ID pays once whether it comes
 * twice in one node run, in a later run of the node (Loop Over Items), in a second payout node, or
 * in an AI agent's second tool call. An execution's claims are kept for CLAIMS_KEPT_MS after their
 * last use, and for at most MAX_EXECUTIONS executions; beyond that (an execution waiting days for
 * an approval, another process in queue mode) the lookup before the create is the guard.
 */
const CLAIMS_KEPT_MS = 24 * 60 * 60 * 1000;
const MAX_EXECUTIONS = 10_000;
const claimsOfExecution = new Map<string, Claims>();
/** Where n8n gives no execution ID (a tool call outside an execution): the run's execute data. */
const claimsOfRun = new WeakMap<object, Claims>();

export function claimsOf(context: IExecutePaginationFunctions): Map<string, Claim> {
	const now = performance.now();
	const executionId = context.getExecutionId?.();
	if (!executionId) {
		const run = context.getExecuteData() ?? context;
		let claims = claimsOfRun.get(run);
		if (!claims) claimsOfRun.set(run, (claims = { byId: new Map(), touched: now }));
		return claims.byId;
	}
	const claims = claimsOfExecution.get(executionId) ?? { byId: new Map(), touched: now };
	// Re-inserted, so that the map stays in order of last use and the oldest go first.
	claimsOfExecution.delete(executionId);
	claims.touched = now;
	claimsOfExecution.set(executionId, claims);
	for (const [id, { touched }] of claimsOfExecution) {
		if (claimsOfExecution.size <= MAX_EXECUTIONS && now - touched < CLAIMS_KEPT_MS) break;
		claimsOfExecution.delete(id);
	}
	return claims.byId;
}

/** Forgets every claim (tests; a restarted n8n starts with none). */
export function forgetClaims(): void {
	claimsOfExecution.clear();
}

const runIds = new WeakMap<object, number>();
let runCount = 0;

/**
 * The node run a context belongs to: its execute data (shared by the run's items and by each
 * try of Retry On Fail) and its run index (n8n counts an agent's tool calls as runs of the tool).
 */
export function runOf(context: IExecutePaginationFunctions): string {
	const data = context.getExecuteData() ?? context;
	let id = runIds.get(data);
	if (id === undefined) runIds.set(data, (id = ++runCount));
	// RoutingNode's item context holds its run index; n8n offers no getter for it.
	return `${id}:${String((context as { runIndex?: unknown }).runIndex ?? 0)}`;
}

/** A create request as one text: its fields sorted, for telling two requests apart. */
export function requestKey(sent: IDataObject): string {
	const sorted = (value: unknown): unknown =>
		isJsonObject(value)
			? Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted(value[key])]))
			: value;
	return JSON.stringify(sorted(sent));
}

/** Where two create requests differ, in words ('amount 1500, not 1200'). */
export function requestDifferences(earlier: IDataObject, now: IDataObject): string {
	const keys = [...new Set([...Object.keys(earlier), ...Object.keys(now)])].sort();
	const asText = (value: unknown) => (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value ?? 'none'));
	return keys
		.filter((key) => JSON.stringify(earlier[key]) !== JSON.stringify(now[key]))
		.map((key) => `${key} ${asText(now[key])}, not ${asText(earlier[key])}`)
		.join('; ');
}
