import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { routingCredentials } from './credentials';
import { outcomeOf, reasonOf, unreadableFieldError } from './errors';
import type { Provider } from './provider';
import { sendRequest, timeoutOf } from './request';
import type { RequestFromCredentials, SendFunction } from './request';
import { shapeEntity } from './shape';
import type { EntityTable } from './shape';
import { checkCredentials, exchange, readAnswer } from './transport';
import type { ProviderRequest, TransportContext } from './transport';

/*
 * Payout → Create, for both providers: the one operation where a bug moves real money. The rules:
 * - The payout's own ID (the Order ID: aaio's my_id, morune's order_id) is looked up before it is created. A payout
 *   that exists and matches the request is reported (`alreadyExisted: true`) and nothing is sent:
 *   a re-run of the workflow, or Retry On Fail, cannot pay it twice. A different payout with the
 *   same ID is refused before sending.
 * - Items of one run that share an ID: the second is refused before sending.
 * - The create is sent once. A failure that certainly did nothing (nothing sent, or the provider's
 *   clear refusal) is the error. Any other (no answer in time, a connection closed, a 5xx, an
 *   answer that is not the provider's) leaves open whether the payout was made: the node looks the
 *   ID up again over the Lookup Window (a few lookups with growing pauses, since the provider's
 *   records can lag) and reports the payout only if what the provider holds matches the request
 *   on every field it echoes. Otherwise the state is unknown, and the error says to check the
 *   cabinet: neither provider documents that it refuses a repeated ID, so "send it again" is
 *   never safe advice after an unclear failure.
 * - Retry On Fail within a run remembers an unknown state: the retry only looks the payout up, it
 *   never sends the create again.
 *
 * Evidence (2026-12-01, see README "Payout safety"): aaio's payout docs (wiki.aaio.so/api/vyvod-sredstv)
 * describe `my_id` as optional, with no uniqueness rule and no error for a repeat; morune's
 * (docs.enot.io/e/new/new-create-withdraw) call `order_id` "unique" but list no error for a repeat,
 * and advise looking the payout up after a lost answer "to avoid creating the request again".
 */

/** How one provider creates and looks up payouts. */
export interface PayoutApi {
	provider: Provider;
	/** The create request's field that identifies the payout: `my_id`, `order_id`. */
	idField: string;
	/** As the node shows it: 'Order ID'. */
	idLabel: string;
	/** Where a user checks by hand, e.g. 'the aaio cabinet (Payouts)'. */
	cabinet: string;
	/** The lookup by the payout's own ID. */
	lookup(id: string, credentials: ICredentialDataDecryptedObject): ProviderRequest;
	/** Whether a lookup error says that no payout has this ID. */
	isNotFound(error: unknown): boolean;
	/** The payout in a lookup answer, or undefined. */
	recordOf(answer: IDataObject): IDataObject | undefined;
	/** Where the record differs from the create request, in words ('amount 500, not 1000'). */
	differences(sent: IDataObject, record: IDataObject): string[];
	/** How a looked-up payout becomes a clean item of the payout schema (Simplify on). */
	table: EntityTable;
	/** Said when a lookup is refused for want of a permission. */
	lookupHint: string;
}

/** A field the record echoes that differs from the request, in words; undefined when it matches. */
export function differs(label: string, sent: unknown, recorded: unknown, same = (a: string, b: string) => a === b) {
	if (recorded === undefined || recorded === null || recorded === '') return undefined;
	const [a, b] = [String(sent ?? '').trim(), String(recorded).trim()];
	return same(a, b) ? undefined : `${label} ${b}, not ${a}`;
}

/** Whether a wallet a provider echoes, perhaps masked (`2200********2222`, `*****`), is the one sent. */
export function sameWallet(sent: string, recorded: string): boolean {
	if (!recorded.includes('*')) return sent === recorded;
	const parts = recorded.split(/\*+/);
	return sent.startsWith(parts[0]) && sent.endsWith(parts[parts.length - 1]);
}

/** The Lookup Window of Payout → Create when the node does not set it, in seconds. */
export const DEFAULT_LOOKUP_WINDOW_S = 10;

/** The Lookup Window option, shown for Payout → Create. */
export function lookupWindowProperty(api: PayoutApi): INodeProperties {
	return {
		displayName: 'Lookup Window (Seconds)',
		name: 'lookupWindow',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 120 },
		default: DEFAULT_LOOKUP_WINDOW_S,
		displayOptions: { show: { resource: ['payout'], operation: ['create'] } },
		description: `When the answer to a payout is lost, how long the node keeps looking it up by ${api.idLabel} before it reports the state as unknown (${api.provider.name}'s records can lag). 0 looks once.`,
	};
}

/**
 * Whether AI agents may create payouts, shown only where the node runs as an AI Agent's tool
 * (n8n's `@tool` display option: the tool variant's type name ends in "Tool"). Off by default:
 * a model deciding to move money must be a deliberate choice of the workflow's author.
 */
export const allowAgentPayoutsProperty: INodeProperties = {
	displayName: 'Allow AI Agents to Create Payouts',
	name: 'allowAgentPayouts',
	type: 'boolean',
	default: false,
	displayOptions: { show: { '@tool': [true] } },
	description:
		"Whether an AI agent using this node as a tool may create payouts. Off, the tool refuses every payout and sends nothing. Turn it on only for an agent that is meant to move money, with limits of its own (the provider key's permissions, amounts checked before this node).",
};

/** Whether the node runs as an AI Agent's tool: n8n names the tool variant of a node type `<name>Tool`. */
export function runsAsAgentTool(context: { getNode(): { type: string } }): boolean {
	return context.getNode().type.endsWith('Tool');
}

/** The pauses before each lookup after an unclear failure: 0, 0.5, 1, 2, 4 … s, within the window. */
export function lookupPauses(windowMs: number): number[] {
	const pauses = [0];
	let elapsed = 0;
	for (let pause = 500; elapsed + pause <= windowMs; pause *= 2) {
		pauses.push(pause);
		elapsed += pause;
	}
	return pauses;
}

type State = 'sending' | 'created' | 'unknown' | 'not-created';

/** What one run has done with each payout ID: which item uses it, and how it ended. */
interface Claim {
	item: number;
	state: State;
	/** The items reported when the payout was created, for a retry of the same item. */
	items?: INodeExecutionData[];
}

/**
 * Claims per node run, keyed by the run's execute data (the same object for every item of the
 * run, and for each try of Retry On Fail).
 */
const claimsOfRun = new WeakMap<object, Map<string, Claim>>();

function claimsOf(context: IExecutePaginationFunctions): Map<string, Claim> {
	const run = context.getExecuteData() ?? context;
	let claims = claimsOfRun.get(run);
	if (!claims) {
		claims = new Map();
		claimsOfRun.set(run, claims);
	}
	return claims;
}

type Lookup =
	| { record: IDataObject; differences: string[] }
	| { absent: true }
	| { failed: Error };

/** One lookup by ID through the transport. */
async function lookUp(
	context: IExecutePaginationFunctions,
	api: PayoutApi,
	credentials: ICredentialDataDecryptedObject,
	sent: IDataObject,
	id: string,
): Promise<Lookup> {
	const node = context.getNode();
	try {
		const answer = await exchange(context as unknown as TransportContext, api.provider, api.lookup(id, credentials), {
			credentials,
			timeoutMs: timeoutOf(context),
		});
		const record = api.recordOf(readAnswer(node, api.provider, answer));
		if (!record) return { failed: unreadableFieldError(node, api.provider, 'payout') };
		return { record, differences: api.differences(sent, record) };
	} catch (error) {
		return api.isNotFound(error) ? { absent: true } : { failed: error as Error };
	}
}

/** An item for a payout the node found by lookup, clean or as the provider sent it. */
function foundItem(
	context: IExecutePaginationFunctions,
	api: PayoutApi,
	record: IDataObject,
	flags: { alreadyExisted: boolean; recoveredAfter: string | null },
): INodeExecutionData[] {
	const simplify = context.getNodeParameter('simplify', true) as boolean;
	const { provider } = api;
	const clean = simplify ? shapeEntity(record, api.table, { timeZone: provider.timeZone }) : { item: record };
	if ('missing' in clean) throw unreadableFieldError(context.getNode(), provider, clean.missing);
	const json = simplify ? { provider: provider.name, ...clean.item, ...flags } : { ...clean.item, ...flags };
	return [{ json, pairedItem: { item: context.getItemIndex() } }];
}

function errorWith(
	context: IExecutePaginationFunctions,
	api: PayoutApi,
	id: string,
	payout: 'not created' | 'unknown',
	message: string,
	description: string,
): NodeApiError {
	return new NodeApiError(
		context.getNode(),
		{ provider: api.provider.name, [api.idField]: id, payout },
		{ message, description, httpCode: 'none', itemIndex: context.getItemIndex() },
	);
}

/** A lookup's failure for a message: its own text, with the permission it may need. */
function lookupFailure(api: PayoutApi, error: Error): string {
	const httpCode = (error as { errorResponse?: { httpCode?: unknown } }).errorResponse?.httpCode;
	const hint = [401, 403].includes(Number(httpCode)) ? ` ${api.lookupHint}` : '';
	return `${error.message}${hint}`;
}

/**
 * After a create without a clear answer: looks the payout up over the window and reports it
 * if it is this payout; otherwise an error that the state is unknown.
 */
async function settle(
	context: IExecutePaginationFunctions,
	api: PayoutApi,
	credentials: ICredentialDataDecryptedObject,
	sent: IDataObject,
	id: string,
	why: string,
): Promise<INodeExecutionData[]> {
	const windowS = Number(context.getNodeParameter('lookupWindow', DEFAULT_LOOKUP_WINDOW_S));
	const pauses = lookupPauses(Math.max(0, Number.isFinite(windowS) ? windowS : DEFAULT_LOOKUP_WINDOW_S) * 1000);
	let last: Lookup = { absent: true };
	for (const pause of pauses) {
		if (pause) await sleep(pause);
		last = await lookUp(context, api, credentials, sent, id);
		if ('record' in last) break;
	}
	const { name } = api.provider;
	const check = `Check the payouts in ${api.cabinet} for ${api.idLabel} "${id}" before you send it again.`;
	const looked = `The node looked ${api.idLabel} "${id}" up ${pauses.length} time${pauses.length === 1 ? '' : 's'} over ${pauses.reduce((sum, pause) => sum + pause, 0) / 1000} s`;
	const noRepeatRule = `${name} does not document that it refuses a repeated ${api.idLabel}, so sending it again could pay twice.`;

	if ('record' in last && last.differences.length === 0) {
		return foundItem(context, api, last.record, { alreadyExisted: false, recoveredAfter: why });
	}
	if ('record' in last) {
		throw errorWith(
			context,
			api,
			id,
			'unknown',
			`${name} payout "${id}": state unknown. ${why} A different payout already uses ${api.idLabel} "${id}" (${last.differences.join('; ')}), so it is not this one. ${check}`,
			`${looked} and found only that other payout. ${noRepeatRule} Give each new payout its own ${api.idLabel}.`,
		);
	}
	const what = 'absent' in last ? 'found no payout' : `could not: ${lookupFailure(api, last.failed)}`;
	throw errorWith(
		context,
		api,
		id,
		'unknown',
		`${name} payout "${id}": state unknown. ${why} ${check}`,
		`${looked} and ${what}. ${'absent' in last ? `${name}'s records can lag behind a payout it made. ` : ''}${noRepeatRule}`,
	);
}

/**
 * The pagination function of Payout → Create (see the rules at the top of this file).
 * Continue On Fail applies to its outcome: an error item paired to the input.
 */
export function createPayout(api: PayoutApi, fromCredentials?: RequestFromCredentials): SendFunction {
	const send = sendRequest(api.provider, [], fromCredentials);

	async function payOnce(
		this: IExecutePaginationFunctions,
		requestData: Parameters<SendFunction>[0],
	): Promise<INodeExecutionData[]> {
		const itemIndex = this.getItemIndex();
		const { name } = api.provider;
		if (runsAsAgentTool(this) && !(this.getNodeParameter('allowAgentPayouts', false) as boolean)) {
			throw new NodeOperationError(
				this.getNode(),
				`Payouts are off for AI agents: this ${name} node runs as an agent's tool, and nothing was sent. To let an agent pay out, turn on "Allow AI Agents to Create Payouts" in the node.`,
				{ itemIndex },
			);
		}
		const credentials = await routingCredentials(this, api.provider);
		checkCredentials(this.getNode(), api.provider, credentials, [], itemIndex);
		const sent = (requestData.options.body ?? {}) as IDataObject;
		const id = String(sent[api.idField] ?? '').trim();
		if (!id) {
			throw new NodeOperationError(this.getNode(), `The ${api.idLabel} is empty: every payout needs one, so that it is never sent twice.`, { itemIndex });
		}

		// Claimed before the first pause: the items of a run start together.
		const claims = claimsOf(this);
		const claim = claims.get(id);
		if (claim && claim.item !== itemIndex) {
			throw new NodeOperationError(
				this.getNode(),
				`Item ${itemIndex + 1} has the ${api.idLabel} "${id}" of item ${claim.item + 1}, which this run already pays out. Nothing was sent for this item: give each payout its own ${api.idLabel}.`,
				{ itemIndex },
			);
		}
		// A retry of the same item (Retry On Fail).
		if (claim?.state === 'created' && claim.items) return claim.items;
		if (claim?.state === 'unknown') {
			const items = await settle(this, api, credentials, sent, id, `An earlier try of this item got no clear answer from ${name}, so the node does not send it again.`);
			claims.set(id, { item: itemIndex, state: 'created', items });
			return items;
		}
		claims.set(id, { item: itemIndex, state: 'sending' });
		const end = (state: State, items: INodeExecutionData[] = []) => {
			claims.set(id, { item: itemIndex, state, items });
			return items;
		};

		// Before creating: does a payout with this ID exist already?
		const before = await lookUp(this, api, credentials, sent, id);
		if ('failed' in before) {
			end('not-created');
			throw errorWith(
				this,
				api,
				id,
				'not created',
				`Nothing was sent to ${name}: the node looks ${api.idLabel} "${id}" up before it creates the payout, so that a retry or a re-run can never pay twice, and the lookup failed. ${lookupFailure(api, before.failed)}`,
				'Fix what the lookup needs, then run the item again: nothing was paid.',
			);
		}
		if ('record' in before && before.differences.length > 0) {
			end('not-created');
			throw errorWith(
				this,
				api,
				id,
				'not created',
				`${name} already has a different payout with ${api.idLabel} "${id}" (${before.differences.join('; ')}). Nothing was sent for this item: give this payout its own ${api.idLabel}.`,
				`The node looks each ${api.idLabel} up before it creates a payout.`,
			);
		}
		if ('record' in before) {
			return end('created', foundItem(this, api, before.record, { alreadyExisted: true, recoveredAfter: null }));
		}

		let created: INodeExecutionData[];
		try {
			created = await send.call(this, requestData);
		} catch (error) {
			if (outcomeOf(error) !== 'unknown') {
				end('not-created');
				// The operation's own error (NodeApiError hands an existing one back).
				throw error instanceof NodeOperationError ? error : new NodeApiError(this.getNode(), error as JsonObject);
			}
			end('unknown');
			const items = await settle(this, api, credentials, sent, id, reasonOf(error));
			return end('created', items);
		}
		// With Simplify off the answer stays as the provider sent it.
		const simplify = this.getNodeParameter('simplify', true) as boolean;
		const items = simplify
			? created.map((item) => ({ ...item, json: { ...item.json, alreadyExisted: false, recoveredAfter: null } }))
			: created;
		return end('created', items);
	}

	return async function (this: IExecutePaginationFunctions, requestData) {
		// Every failure is judged here, whatever Continue On Fail says; it applies to the outcome.
		const strict = Object.create(this, { continueOnFail: { value: () => false } }) as IExecutePaginationFunctions;
		try {
			return await payOnce.call(strict, requestData);
		} catch (error) {
			const nodeError =
				error instanceof NodeOperationError || error instanceof NodeApiError
					? error
					: new NodeApiError(this.getNode(), error as JsonObject);
			if (this.continueOnFail()) {
				return [{ json: {}, error: nodeError, pairedItem: { item: this.getItemIndex() } }];
			}
			throw nodeError;
		}
	};
}
